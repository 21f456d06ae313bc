"""What the accounts app tells the apps above, which it does not know."""

from django.dispatch import Signal

# Sent inside the transaction that creates the account, with `invitation` and `user`: an app
# that attached something to the invitation (tig.organisations: a membership) acts on it.
invitation_accepted = Signal()
