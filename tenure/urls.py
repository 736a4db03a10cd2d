from django.urls import path

from tenure import views

app_name = "tenure"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/<id:unit_id>/", views.roster, name="roster"),
    path("units/<id:unit_id>/certificates/", views.certificate_batch, name="certificate_batch"),
    path("people/<id:person_id>/", views.person_history, name="person"),
    path("flags/", views.flags_report, name="flags"),
    path("terms/<id:term_id>/", views.term_detail, name="term_detail"),
    path("terms/<id:term_id>/goals/<id:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("terms/<id:term_id>/<slug:action>/", views.term_action, name="term_action"),
    path("certificates/<id:certificate_id>/", views.certificate_print, name="certificate"),
    path("certificates/<id:certificate_id>.docx", views.certificate_docx, name="certificate_docx"),
    path("reappointments/", views.reappointment_list, name="reappointments"),
    path("reappointments/<id:reappointment_id>/", views.reappointment_detail, name="reappointment_detail"),
    path(
        "reappointments/<id:reappointment_id>/<slug:action>/",
        views.reappointment_action,
        name="reappointment_action",
    ),
    path("term-change/", views.term_change, name="term_change"),
]
