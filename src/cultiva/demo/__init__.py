"""Demo data for trying Cultiva out: see `generator.demo_generate` and `manage.py demo_data`."""
