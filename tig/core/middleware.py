def csp_nonce_for_templates(get_response):
    """Expose Django's CSP nonce as request.csp_nonce, where django-dsfr's base template
    reads it. Evaluating it here makes the middleware put it in the CSP header."""

    def middleware(request):
        request.csp_nonce = str(request._csp_nonce)
        return get_response(request)

    return middleware
