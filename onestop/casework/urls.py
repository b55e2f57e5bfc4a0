"""URLs for casework."""

from django.urls import path

from onestop.casework.views import cases, complaints, decisions, queues, reviews, teams
from onestop.casework.views import notes as notes_views

app_name = "casework"
urlpatterns = [
    path("", cases.find, name="find"),
    path("queue/", queues.queue, name="queue"),
    path("team/", queues.team, name="team"),
    path("teams/", teams.teams, name="teams"),
    path("teams/new/", teams.team_new, name="team_new"),
    path("teams/people/", teams.team_member, name="team_member"),
    path("teams/schemes/", teams.scheme_team, name="scheme_team"),
    path("approvals/", decisions.approvals, name="approvals"),
    path("discretion/", decisions.discretion, name="discretion"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/<int:review_id>/", reviews.review, name="review"),
    path("reviews/<int:review_id>/assign/", reviews.review_assign_to, name="review_assign"),
    path("complaints/", complaints.complaint_list, name="complaints"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/<str:complaint_reference>/", complaints.complaint, name="complaint"),
    path(
        "complaints/<str:complaint_reference>/acknowledge/",
        complaints.complaint_acknowledge_now,
        name="complaint_acknowledge",
    ),
    path(
        "complaints/<str:complaint_reference>/answer/",
        complaints.complaint_answer,
        name="complaint_answer",
    ),
    path(
        "complaints/<str:complaint_reference>/escalate/",
        complaints.complaint_escalate_to_stage_2,
        name="complaint_escalate",
    ),
    path(
        "complaints/<str:complaint_reference>/close/",
        complaints.complaint_close_early,
        name="complaint_close",
    ),
    path("<str:reference>/", cases.case, name="case"),
    path("<str:reference>/take/", queues.take, name="take"),
    path("<str:reference>/assign/", queues.assign, name="assign"),
    path("<str:reference>/team/", queues.move, name="move_team"),
    path("<str:reference>/ask-for-review/", reviews.review_new, name="review_new"),
    path("<str:reference>/complaints/new/", complaints.complaint_new, name="case_complaint_new"),
    path("<str:reference>/decide/", decisions.decide, name="decide"),
    path(
        "<str:reference>/ask-for-information/",
        decisions.ask_for_information,
        name="ask_for_information",
    ),
    path(
        "<str:reference>/information-received/",
        decisions.information_arrived,
        name="information_received",
    ),
    path("<str:reference>/approve/", decisions.approve, name="approve"),
    path("<str:reference>/notes/add/", notes_views.note_add, name="note_add"),
    path("<str:reference>/documents/add/", notes_views.document_upload, name="document_upload"),
    path(
        "<str:reference>/documents/<int:document_id>/",
        notes_views.document_download,
        name="document_download",
    ),
]
