from django.urls import path

from competition.interviews import views

app_name = "interviews"
urlpatterns = [
    path("examiners/", views.examiner_list, name="examiner_list"),
    path("examiners/<id:examiner_id>/", views.examiner_detail, name="examiner_detail"),
    path("examiners/<id:examiner_id>/account/", views.examiner_account, name="examiner_account"),
    path("examiners/<id:examiner_id>/attach/", views.examiner_attach, name="examiner_attach"),
    path("questions/", views.question_list, name="question_list"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<id:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<id:session_id>/action/", views.session_action, name="session_action"),
    path("sessions/<id:session_id>/examiners/", views.session_examiners, name="session_examiners"),
    path("sessions/<id:session_id>/dimensions/", views.session_dimensions, name="session_dimensions"),
    path("sessions/<id:session_id>/questions/", views.session_questions, name="session_questions"),
    path("sessions/<id:session_id>/recusal/", views.session_recusal, name="session_recusal"),
    path("sessions/<id:session_id>/absent/", views.slot_absent, name="slot_absent"),
    path("sessions/<id:session_id>/written/", views.slot_written_score, name="slot_written_score"),
    path("sessions/<id:session_id>/correct/", views.score_correct, name="score_correct"),
    path("sessions/<id:session_id>/sheet.xlsx", views.session_sheet, name="session_sheet"),
    path("sessions/<id:session_id>/import/", views.session_import, name="session_import"),
    path("sessions/<id:session_id>/score/", views.examiner_score, name="examiner_score"),
    path("posts/<id:post_id>/extra-interview/", views.extra_interview, name="extra_interview"),
    path("my-results/", views.my_results, name="my_results"),
]
