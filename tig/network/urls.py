from django.urls import path

from tig.network import views

app_name = "network"

urlpatterns = [
    path("", views.events, name="events"),
    path("rencontres/nouvelle/", views.event_create, name="event_create"),
    path("rencontres/<id:pk>/", views.event_detail, name="event"),
    path("rencontres/<id:pk>/inviter/", views.event_invite, name="event_invite"),
    path("rencontres/<id:pk>/inscription/", views.event_register, name="event_register"),
    path("rencontres/<id:pk>/desinscription/", views.event_unregister, name="event_unregister"),
    path("rencontres/<id:pk>/presences/", views.event_attendance, name="event_attendance"),
    path("rencontres/<id:pk>/annulation/", views.event_cancel, name="event_cancel"),
    path("tuteurs/", views.directory, name="directory"),
    path("mon-parcours/", views.my_record, name="my_record"),
    path("tuteurs/<id:pk>/", views.tutor_record, name="tutor"),
    path("tuteurs/<id:pk>/attestation/<id:organisation_pk>/", views.tutor_attestation, name="attestation"),
]
