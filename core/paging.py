"""Long lists come a page at a time (issue 19): one page size and one way to ask for a page, for every list.

``paginate`` returns Django's ``Page``; ``templates/_pages.html`` draws its links with Django's ``{% querystring %}``,
so the list's filters stay in every link. A page number out of range gives the last page, and one that is not a
number the first (``Paginator.get_page``): a stale bookmark never fails. The count over the whole filtered list is
``page.paginator.count``, the figure a heading shows.
"""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 50


def paginate(request: HttpRequest, items, per_page: int | None = None) -> Page:
    """The requested page (``?page=``) of ``items`` (a queryset, ordered, or a list)."""
    return Paginator(items, per_page or PER_PAGE).get_page(request.GET.get("page"))
