from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "cultiva.processes"
    label = "processes"
    verbose_name = _("Processes")

    def ready(self) -> None:
        from cultiva.processes.personal_data import register_sources

        register_sources()

        from cultiva.processes.people_import import register_kind

        register_kind()
