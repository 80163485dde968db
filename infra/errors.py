"""Error views that need more than Django's defaults.

Django renders ``403.html``, ``404.html``, ``500.html`` and ``403_csrf.html`` itself;
only the 400 page needs to know which exception it answers.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def bad_request(request, exception):
    """400: say what to shorten when the form was too large to accept.

    Django raises ``RequestDataTooBig`` or ``TooManyFieldsSent`` when ``request.POST``
    is first read (by the CSRF middleware or the view) and hands the exception here;
    the posted data cannot be read again. Other 400s (a bad host, a malformed
    request) get the general page, which shows no detail of the exception.
    """
    context = {
        "too_big": isinstance(exception, RequestDataTooBig),
        "too_many_fields": isinstance(exception, TooManyFieldsSent),
        "max_size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    }
    return render(request, "400.html", context, status=400)
