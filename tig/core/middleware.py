from django.shortcuts import render


def csp_nonce_for_templates(get_response):
    """Expose Django's CSP nonce as request.csp_nonce, where django-dsfr's base template
    reads it. Evaluating it here makes the middleware put it in the CSP header."""

    def middleware(request):
        request.csp_nonce = str(request._csp_nonce)
        return get_response(request)

    return middleware


def reject_nul_bytes(get_response):
    """A NUL byte has no use in any field, and PostgreSQL refuses it in text: such a request
    gets the « requête invalide » page rather than reaching a query."""

    def middleware(request):
        for data in (request.GET, request.POST):
            if any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()):
                return render(request, "400.html", status=400)
        return get_response(request)

    return middleware
