from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "cultiva.portfolio"
    label = "portfolio"
    verbose_name = _("Project portfolio")

    def ready(self) -> None:
        from cultiva.portfolio.organisation_sections import register_sections

        register_sections()
