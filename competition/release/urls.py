from django.urls import path

from competition.release import views

app_name = "competition"
urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<id:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<id:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<id:campaign_id>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<id:round_id>/edit/", views.round_edit, name="round_edit"),
    path("campaigns/<id:campaign_id>/posts/new/", views.post_create, name="post_create"),
    path("campaigns/<id:campaign_id>/announce/", views.campaign_announce_accepted, name="campaign_announce"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/<id:post_id>/", views.post_detail, name="post_detail"),
    path("posts/<id:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<id:post_id>/action/", views.post_action, name="post_action"),
    path("posts/<id:post_id>/round/", views.post_assign_round, name="post_assign_round"),
    path("posts/<id:post_id>/rerelease/", views.post_rerelease, name="post_rerelease"),
    path("posts/<id:post_id>/vacancy-override/", views.post_vacancy_override, name="post_vacancy_override"),
]
