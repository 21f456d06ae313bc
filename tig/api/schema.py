"""The key's description in the OpenAPI schema (loaded by ApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]  # untyped base
    target_class = "tig.api.authentication.TokenAuthentication"
    name = "cle"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Une clé personnelle créée depuis Mon compte, « Clés d'API » : « Authorization: Bearer tig_… ».",
        }
