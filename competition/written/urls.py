from django.urls import path

from competition.written import views

app_name = "written"
urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<id:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<id:session_id>/action/", views.session_action, name="session_action"),
    path("sessions/<id:session_id>/marks/", views.marks, name="marks"),
    path("sessions/<id:session_id>/marks.xlsx", views.marks_sheet, name="marks_sheet"),
    path("sessions/<id:session_id>/import/", views.marks_import, name="marks_import"),
    path("tickets/<id:ticket_id>/", views.ticket, name="ticket"),
    path("my-exams/", views.my_exams, name="my_exams"),
]
