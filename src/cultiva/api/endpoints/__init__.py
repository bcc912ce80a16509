"""The API's routers, one module per area; `cultiva.api.api` mounts them."""
