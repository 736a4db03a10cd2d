from django.urls import path

from accounts import views as account_views
from competition.registration import views

app_name = "registration"
urlpatterns = [
    # Public: no login to read the board.
    path("posts/", views.board, name="board"),
    path("posts/<id:post_id>/", views.board_post, name="board_post"),
    path("posts/<id:post_id>/apply/", views.apply, name="apply"),
    # Candidates (sign-up and verification are accounts' views, named here as they always were).
    path("candidate/sign-up/", account_views.sign_up, name="sign_up"),
    path("candidate/verify/<str:token>/", account_views.verify_email, name="verify_email"),
    path("candidate/profile/", views.profile, name="profile"),
    path("candidate/profile/id-number/", views.own_id_number_reveal, name="own_id_number_reveal"),
    path("candidate/profile/history/", views.work_history_add, name="work_history_add"),
    path("candidate/profile/history/<id:entry_id>/delete/", views.work_history_delete, name="work_history_delete"),
    path("candidate/profile/family/", views.family_member_add, name="family_member_add"),
    path("candidate/profile/family/<id:member_id>/delete/", views.family_member_delete, name="family_member_delete"),
    path("candidate/applications/", views.my_applications, name="my_applications"),
    path("candidate/applications/<id:application_id>/", views.application_edit, name="application_edit"),
    path("candidate/applications/<id:application_id>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("candidate/applications/<id:application_id>/switch/", views.application_switch, name="application_switch"),
    path("candidate/people/<id:person_id>/photo/", views.photo, name="photo"),
    # The office (and unit secretaries for rosters).
    path("registration/applications/<id:application_id>/review/", views.review, name="review"),
    path("registration/posts/<id:post_id>/confirm/", views.confirm_passing, name="confirm_passing"),
    path("registration/rounds/<id:round_id>/close/", views.round_close_now, name="round_close_now"),
    path("registration/rounds/<id:round_id>/pause/", views.round_pause, name="round_pause"),
    path("registration/rounds/<id:round_id>/resume/", views.round_resume, name="round_resume"),
    path("registration/rounds/<id:round_id>/extend/", views.round_extend, name="round_extend"),
    path("registration/rounds/<id:round_id>/late/", views.late_registration_grant, name="late_registration_grant"),
    path("registration/posts/<id:post_id>/close/", views.close, name="close"),
    path("registration/posts/<id:post_id>/roster.xlsx", views.post_roster, name="post_roster"),
    path("registration/campaigns/<id:campaign_id>/roster.xlsx", views.campaign_roster, name="campaign_roster"),
    path("registration/people/", views.people, name="people"),
    path("registration/people/<id:person_id>/", views.person_history, name="person_history"),
    path("registration/people/<id:person_id>/id-number/", views.id_number_reveal, name="id_number_reveal"),
]
