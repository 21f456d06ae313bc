from django.urls import path

from tig.network import views

app_name = "network"

urlpatterns = [
    path("", views.events, name="events"),
    path("rencontres/nouvelle/", views.event_create, name="event_create"),
    path("rencontres/<int:pk>/", views.event_detail, name="event"),
    path("rencontres/<int:pk>/inviter/", views.event_invite, name="event_invite"),
    path("rencontres/<int:pk>/inscription/", views.event_register, name="event_register"),
    path("rencontres/<int:pk>/desinscription/", views.event_unregister, name="event_unregister"),
    path("rencontres/<int:pk>/presences/", views.event_attendance, name="event_attendance"),
    path("rencontres/<int:pk>/annulation/", views.event_cancel, name="event_cancel"),
    path("tuteurs/", views.directory, name="directory"),
    path("mon-parcours/", views.my_record, name="my_record"),
    path("tuteurs/<int:pk>/", views.tutor_record, name="tutor"),
    path("tuteurs/<int:pk>/attestation/<int:organisation_pk>/", views.tutor_attestation, name="attestation"),
]
