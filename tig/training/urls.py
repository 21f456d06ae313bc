from django.urls import path

from tig.training import views

app_name = "training"

urlpatterns = [
    path("", views.courses, name="courses"),
    path("verification/", views.verify, name="verify"),
    path("attestations/<str:code>/", views.attestation_pdf, name="attestation"),
    path("retrait-d-attestation/", views.revoke, name="revoke"),
    path("suivi/", views.follow_up, name="follow_up"),
    path("suivi/<slug:slug>/inviter/", views.follow_up_invite, name="follow_up_invite"),
    path("medias/<id:pk>/", views.media_file, name="media"),
    path("medias/<id:pk>/sous-titres.vtt", views.media_captions, name="media_captions"),
    path("redaction/", views.author_home, name="author_home"),
    path("redaction/redacteurs-nationaux/", views.national_authors, name="national_authors"),
    path("redaction/<slug:slug>/", views.author_course, name="author_course"),
    path("redaction/<slug:slug>/modifier/", views.author_course_edit, name="author_course_edit"),
    path("redaction/<slug:slug>/nouvelle-version/", views.author_new_version, name="author_new_version"),
    path("redaction/<slug:slug>/versions/<id:pk>/relecture/", views.author_submit, name="author_submit"),
    path("redaction/<slug:slug>/versions/<id:pk>/renvoi/", views.author_send_back, name="author_send_back"),
    path("redaction/<slug:slug>/versions/<id:pk>/publication/", views.author_publish, name="author_publish"),
    path("redaction/<slug:slug>/versions/<id:pk>/modules/nouveau/", views.author_module, name="author_module_new"),
    path("redaction/<slug:slug>/versions/<id:pk>/modules/<id:module_pk>/", views.author_module, name="author_module"),
    path("redaction/<slug:slug>/modules/<id:pk>/lecons/nouvelle/", views.author_lesson, name="author_lesson_new"),
    path("redaction/<slug:slug>/modules/<id:pk>/lecons/<id:lesson_pk>/", views.author_lesson, name="author_lesson"),
    path(
        "redaction/<slug:slug>/modules/<id:pk>/questions/nouvelle/", views.author_question, name="author_question_new"
    ),
    path(
        "redaction/<slug:slug>/modules/<id:pk>/questions/<id:question_pk>/",
        views.author_question,
        name="author_question",
    ),
    path("redaction/<slug:slug>/lecons/<id:pk>/medias/", views.author_media, name="author_media"),
    path("redaction/<slug:slug>/supprimer/<str:what>/<id:pk>/", views.author_delete, name="author_delete"),
    path("redaction/<slug:slug>/deplacer/<str:what>/<id:pk>/<str:direction>/", views.author_move, name="author_move"),
    path("redaction/<slug:slug>/versions/<id:pk>/abandon/", views.author_abandon, name="author_abandon"),
    path("<slug:slug>/", views.course, name="course"),
    path("<slug:slug>/lecons/<id:pk>/", views.lesson, name="lesson"),
    path("<slug:slug>/lecons/<id:pk>/terminee/", views.lesson_done, name="lesson_done"),
    path("<slug:slug>/modules/<id:pk>/quiz/", views.quiz, name="quiz"),
]
