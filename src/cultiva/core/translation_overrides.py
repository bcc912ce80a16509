"""Messages of Django's own that Cultiva's catalogues correct.

Django's Romanian catalogue capitalises month names ("Martie"), but Romanian writes them in
lower case ("5 martie 2027"). Catalogues in LOCALE_PATHS take precedence over Django's, so
listing the month names here puts them into our catalogues, where they are translated
correctly. Nothing imports this module; makemessages reads it.
"""

from django.utils.translation import gettext_noop as _

MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
