from django.urls import path

from tenure import views

app_name = "tenure"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/<int:unit_id>/", views.roster, name="roster"),
    path("units/<int:unit_id>/certificates/", views.certificate_batch, name="certificate_batch"),
    path("people/<int:person_id>/", views.person_history, name="person"),
    path("flags/", views.flags_report, name="flags"),
    path("terms/<int:term_id>/", views.term_detail, name="term_detail"),
    path("terms/<int:term_id>/goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("terms/<int:term_id>/<slug:action>/", views.term_action, name="term_action"),
    path("certificates/<int:certificate_id>/", views.certificate_print, name="certificate"),
    path("certificates/<int:certificate_id>.docx", views.certificate_docx, name="certificate_docx"),
    path("reappointments/", views.reappointment_list, name="reappointments"),
    path("reappointments/<int:reappointment_id>/", views.reappointment_detail, name="reappointment_detail"),
    path(
        "reappointments/<int:reappointment_id>/<slug:action>/",
        views.reappointment_action,
        name="reappointment_action",
    ),
    path("term-change/", views.term_change, name="term_change"),
]
