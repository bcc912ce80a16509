from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cultiva.accounts"
    label = "accounts"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from cultiva.accounts.personal_data import register_sources

        register_sources()
        # The organisations list is an import kind of the core import wizard.
        import cultiva.accounts.organisation_import  # noqa: F401
