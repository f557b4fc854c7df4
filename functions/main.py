"""The Cloud Functions of teamkit: declarations only.

Each HTTP function hands its request to `teamkit.http.serve`, which does the plumbing and calls
one use case. Heavy modules (pydantic, firebase_admin, the use cases) load on the first request,
not at import, so that every instance's cold start stays close to the bare SDKs'.
"""

from firebase_functions import https_fn, options
from flask import Request, Response

from teamkit import config  # noqa: F401  (declares the params `firebase deploy` asks for)
from teamkit.http import serve

options.set_global_options(max_instances=20)


@https_fn.on_request()
def createTeam(request: Request) -> Response:
    return serve("createTeam", request)


@https_fn.on_request()
def updateTeam(request: Request) -> Response:
    return serve("updateTeam", request)


@https_fn.on_request()
def deleteTeam(request: Request) -> Response:
    return serve("deleteTeam", request)


@https_fn.on_request()
def inviteMember(request: Request) -> Response:
    return serve("inviteMember", request)


@https_fn.on_request()
def inviteMembers(request: Request) -> Response:
    return serve("inviteMembers", request)


@https_fn.on_request()
def resendInvite(request: Request) -> Response:
    return serve("resendInvite", request)


@https_fn.on_request()
def revokeInvite(request: Request) -> Response:
    return serve("revokeInvite", request)


@https_fn.on_request()
def acceptInvite(request: Request) -> Response:
    return serve("acceptInvite", request)


@https_fn.on_request()
def declineInvite(request: Request) -> Response:
    return serve("declineInvite", request)


@https_fn.on_request()
def addExistingMember(request: Request) -> Response:
    return serve("addExistingMember", request)


@https_fn.on_request()
def removeMember(request: Request) -> Response:
    return serve("removeMember", request)


@https_fn.on_request()
def leaveTeam(request: Request) -> Response:
    return serve("leaveTeam", request)


@https_fn.on_request()
def changeMemberRoles(request: Request) -> Response:
    return serve("changeMemberRoles", request)


@https_fn.on_request()
def switchTeam(request: Request) -> Response:
    return serve("switchTeam", request)


@https_fn.on_request()
def deleteAccount(request: Request) -> Response:
    return serve("deleteAccount", request)
