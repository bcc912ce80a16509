"""The controlled vocabularies: cultural domains, target groups, sectors, expertise areas."""

from ninja.pagination import paginate

from cultiva.api.pagination import PageNumberPagination
from cultiva.api.responses import ApiRouter
from cultiva.api.schemas import TermOut, Vocabulary
from cultiva.core.models import TaxonomyTerm

router = ApiRouter(tags=["taxonomy"])


@router.get("/{vocabulary}", response=list[TermOut], summary="Terms of a vocabulary")
@paginate(PageNumberPagination)
def terms(request, vocabulary: Vocabulary):
    return TaxonomyTerm.objects.filter(vocabulary=vocabulary).order_by("position", "slug", "id")
