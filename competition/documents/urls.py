from django.urls import path

from competition.documents import views

app_name = "documents"
urlpatterns = [
    path("applications/<id:application_id>/application-form.docx", views.application_form, name="application_form"),
    path("applications/<id:application_id>/approval-form.docx", views.approval_form, name="approval_form"),
    path("posts/<id:post_id>/publicity-notice.docx", views.publicity_notice, name="publicity_notice"),
    path("decisions/<id:decision_id>/record.docx", views.decision_record, name="decision_record"),
    path("decisions/<id:decision_id>/appointment-notice.docx", views.appointment_notice, name="appointment_notice"),
    path("posts/<id:post_id>/record/", views.post_record, name="post_record"),
    path("posts/<id:post_id>/record.docx", views.post_record_docx, name="post_record_docx"),
    path("templates/", views.template_list, name="templates"),
    path("templates/action/", views.template_action, name="template_action"),
    path("templates/<slug:kind>.docx", views.template_download, name="template_download"),
    path("issuers/", views.issuer_settings, name="issuers"),
    path("issuers/units/<id:unit_id>/", views.unit_issuer, name="unit_issuer"),
]
