from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("campaigns/<id:campaign_id>/", views.dashboard, name="dashboard"),
    path("campaigns/<id:campaign_id>/statistics.xlsx", views.statistics_download, name="statistics_download"),
    path("exports/", views.export_start, name="export_start"),
    path("exports/all/", views.export_list, name="export_list"),
    path("exports/<id:job_id>/", views.export_detail, name="export_detail"),
    path("exports/<id:job_id>/restart/", views.export_restart, name="export_restart"),
    path("exports/<id:job_id>/download/", views.export_download, name="export_download"),
    path("import/", views.archive_import, name="import"),
    path("import/template.xlsx", views.archive_template, name="import_template"),
    path("import/<id:job_id>/", views.import_detail, name="import_detail"),
    path("import/<id:job_id>/progress.json", views.import_progress, name="import_progress"),
]
