"""The one exception of a refused step, and the model's own checks given as one."""

from typing import Any

from django.core.exceptions import ValidationError


class Refused(Exception):
    """A step that a rule refuses (who acts, when, on what), with the reason in French for the
    user. Every service raises it, never anything else, for a refusal; the views show its
    message. Nothing has been changed when it is raised: each step runs in one transaction."""


def refuse_invalid(instance: Any) -> None:
    """The model's own checks (its validators, constraints, uniqueness) as a refusal in French,
    each message after its field's name."""
    try:
        instance.full_clean()
    except ValidationError as error:
        fields = {field.name: field.verbose_name for field in instance._meta.fields}
        raise Refused(
            " ".join(
                f"{str(fields[name]).capitalize()} : {message}" if name in fields else message
                for name, messages in error.message_dict.items()
                for message in messages
            )
        ) from None
