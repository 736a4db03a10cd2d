"""URLs of steps 5 to 8: back-office pages under office/, public pages at vote/ and publicity/."""

from django.urls import path

from competition import appointment_views as views

app_name = "appointment"
urlpatterns = [
    # Public
    path("vote/", views.vote, name="vote"),
    path("publicity/", views.publicity_list, name="publicity_list"),
    path("publicity/<int:publicity_id>/", views.publicity_public, name="publicity_public"),
    # Step 5
    path("office/posts/<int:post_id>/evaluation/", views.evaluation_results, name="evaluation_results"),
    path("office/posts/<int:post_id>/evaluation/open/", views.evaluation_open, name="evaluation_open"),
    path("office/posts/<int:post_id>/evaluation/codes/", views.evaluation_codes, name="evaluation_codes"),
    path("office/posts/<int:post_id>/evaluation/paper/", views.evaluation_paper, name="evaluation_paper"),
    path("office/posts/<int:post_id>/evaluation/close/", views.evaluation_close, name="evaluation_close"),
    # Step 6
    path("office/posts/<int:post_id>/inspection/", views.inspection_record, name="inspection_record"),
    path("office/inspections/<int:inspection_id>/report/", views.inspection_report, name="inspection_report"),
    # Step 7
    path("office/posts/<int:post_id>/publicity/edit/", views.publicity_edit, name="publicity_edit"),
    path("office/posts/<int:post_id>/publicity/approve/", views.publicity_approve, name="publicity_approve"),
    path("office/posts/<int:post_id>/publicity/return/", views.publicity_return, name="publicity_return"),
    path("office/posts/<int:post_id>/publicity/print/", views.publicity_print, name="publicity_print"),
    path("office/objections/<int:objection_id>/investigate/", views.objection_investigate, name="objection_investigate"),
    # Step 8 and the office's choices after a stopped candidate
    path("office/posts/<int:post_id>/decision/", views.decision_record, name="decision_record"),
    path("office/decisions/<int:decision_id>/", views.decision_print, name="decision_print"),
    path("office/posts/<int:post_id>/next-candidate/", views.next_candidate, name="next_candidate"),
    path("office/posts/<int:post_id>/rerelease/", views.rerelease, name="rerelease"),
    # Working days
    path("office/workdays/", views.workdays, name="workdays"),
    path("office/workdays/<int:override_id>/delete/", views.workday_delete, name="workday_delete"),
]
