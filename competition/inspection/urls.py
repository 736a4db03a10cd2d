"""URLs of the inspection step, in the "appointment" namespace shared by steps 5 to 8 (see config/urls.py)."""

from django.urls import path

from competition.inspection import views

urlpatterns = [
    path("inspection/", views.inspection_notice_list, name="inspection_notice_list"),
    path("inspection/<id:notice_id>/", views.inspection_notice_public, name="inspection_notice_public"),
    path("office/posts/<id:post_id>/inspection/notice/", views.inspection_notice, name="inspection_notice"),
    path("office/posts/<id:post_id>/inspection/team/", views.inspection_team, name="inspection_team"),
    path("office/posts/<id:post_id>/inspection/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path("office/inspections/<id:inspection_id>/", views.inspection_detail, name="inspection_detail"),
    path("office/inspections/<id:inspection_id>/recusal/", views.inspection_recusal, name="inspection_recusal"),
    path(
        "office/inspections/<id:inspection_id>/conclusion/", views.inspection_conclusion, name="inspection_conclusion"
    ),
    path("office/inspections/<id:inspection_id>/report/", views.inspection_report, name="inspection_report"),
    path("office/inspectors/", views.inspector_list, name="inspector_list"),
    path("office/inspectors/<id:inspector_id>/", views.inspector_detail, name="inspector_detail"),
    path("office/inspectors/<id:inspector_id>/active/", views.inspector_active, name="inspector_active"),
]
