from django.urls import path

from tig.training import views

app_name = "training"

urlpatterns = [
    path("", views.courses, name="courses"),
    path("verification/", views.verify, name="verify"),
    path("attestations/<str:code>/", views.attestation_pdf, name="attestation"),
    path("<slug:slug>/", views.course, name="course"),
    path("<slug:slug>/lecons/<id:pk>/", views.lesson, name="lesson"),
    path("<slug:slug>/lecons/<id:pk>/terminee/", views.lesson_done, name="lesson_done"),
    path("<slug:slug>/modules/<id:pk>/quiz/", views.quiz, name="quiz"),
]
