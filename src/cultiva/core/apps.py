from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cultiva.core"
    label = "core"
    verbose_name = _("Territory, taxonomy and activity")

    def ready(self) -> None:
        from cultiva.core import checks  # noqa: F401 - registers the deployment checks
        from cultiva.core.cache import connect_reference_data_signals

        connect_reference_data_signals()
