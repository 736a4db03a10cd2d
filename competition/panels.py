"""Panels on the post page, one per workflow step, registered by the module that owns the step.

A step registers ``(template_name, context_function)``; the function gets ``(post, user)`` and returns a
context dict, or None when the panel has nothing to show this user for this post.
"""

POST_PANELS = []


def register_post_panel(template_name):
    def decorator(context_function):
        POST_PANELS.append((template_name, context_function))
        return context_function

    return decorator


def post_panels(post, user):
    panels = []
    for template_name, context_function in POST_PANELS:
        context = context_function(post, user)
        if context is not None:
            panels.append({"template": template_name, "context": context})
    return panels
