"""The one way a page posts one of several named actions to one URL (the post page's buttons, a session's steps, a
term's forms, a reappointment's steps).

Each page keeps a table ``{name: handler}``; a handler takes ``(request, obj)``, parses what it needs from the
request, calls one service function and returns the success message, or lets the service's ``ActionRefused``
propagate. ``dispatch`` turns the refusal into a message and redirects back to the object's page either way.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse

from core.exceptions import ActionRefused

Handler = Callable[[HttpRequest, Any], str]


def dispatch(
    request: HttpRequest, handlers: Mapping[str, Handler], name: str, obj: Any, *, back: Callable[[], HttpResponse]
) -> HttpResponse:
    """Run the handler named ``name`` on ``obj`` (404 for a name the page does not have), then ``back()``."""
    handler = handlers.get(name)
    if handler is None:
        raise Http404
    try:
        messages.success(request, handler(request, obj))
    except ActionRefused as error:
        messages.error(request, str(error))
    return back()
