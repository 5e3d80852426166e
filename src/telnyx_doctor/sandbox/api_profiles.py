"""Messaging-profile routes, and the short codes and alphanumeric sender IDs that hang off profiles."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from telnyx_doctor.sandbox import views
from telnyx_doctor.sandbox.records import AlphaSender, Profile, ShortCodeRecord
from telnyx_doctor.sandbox.responses import ApiProblem, flat_list, flat_page, json_response, not_found
from telnyx_doctor.sandbox.state import SandboxState


class ProfileRoutes:
    """Handlers over the profiles, short codes and sender IDs in a SandboxState."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        """The routes."""
        return [
            Route("/v2/messaging_profiles", self.list_profiles, methods=["GET"]),
            Route("/v2/messaging_profiles/{id}", self.get_profile, methods=["GET"]),
            Route("/v2/messaging_profiles/{id}/phone_numbers", self.profile_numbers, methods=["GET"]),
            Route("/v2/messaging_profiles/{id}/short_codes", self.profile_short_codes, methods=["GET"]),
            Route("/v2/messaging_profiles/{id}/alphanumeric_sender_ids", self.profile_senders, methods=["GET"]),
            Route("/v2/short_codes", self.list_short_codes, methods=["GET"]),
            Route("/v2/short_codes/{id}", self.get_short_code, methods=["GET"]),
            Route("/v2/alphanumeric_sender_ids", self.list_senders, methods=["GET"]),
            Route("/v2/alphanumeric_sender_ids/{id}", self.get_sender, methods=["GET"]),
        ]

    def _profile(self, request: Request) -> Profile:
        profile = self.state.account.profiles_by_id.get(request.path_params["id"])
        if profile is None:
            raise ApiProblem(not_found("messaging", "The requested messaging profile could not be found."))
        return profile

    def _render_profile(self, profile: Profile) -> dict[str, object]:
        return views.messaging_profile(profile, self.state.account, self.state.webhook_bases)

    def _render_sender(self, sender: AlphaSender) -> dict[str, object]:
        return views.alphanumeric_sender(sender, self.state.account)

    async def list_profiles(self, request: Request) -> Response:
        """GET /v2/messaging_profiles."""
        number, size = flat_page(request, "messaging")
        params = request.query_params
        selected = self.state.account.profiles
        exact = params.get("filter[name][eq]") or params.get("filter[name]")
        if exact:
            selected = [p for p in selected if p.name == exact]
        contains = params.get("filter[name][contains]")
        if contains:
            selected = [p for p in selected if contains.lower() in p.name.lower()]
        return json_response(flat_list(selected, self._render_profile, number, size))

    async def get_profile(self, request: Request) -> Response:
        """GET /v2/messaging_profiles/{id}."""
        return json_response({"data": self._render_profile(self._profile(request))})

    async def profile_numbers(self, request: Request) -> Response:
        """GET /v2/messaging_profiles/{id}/phone_numbers."""
        profile = self._profile(request)
        number, size = flat_page(request, "messaging")
        account = self.state.account
        selected = [n for n in account.numbers if n.spec.messaging and n.profile_id == profile.id]
        return json_response(flat_list(selected, lambda n: views.messaging_settings(n, account), number, size))

    async def profile_short_codes(self, request: Request) -> Response:
        """GET /v2/messaging_profiles/{id}/short_codes."""
        profile = self._profile(request)
        number, size = flat_page(request, "messaging")
        selected = [c for c in self.state.account.short_codes if c.profile_id == profile.id]
        return json_response(flat_list(selected, views.short_code, number, size))

    async def profile_senders(self, request: Request) -> Response:
        """GET /v2/messaging_profiles/{id}/alphanumeric_sender_ids."""
        profile = self._profile(request)
        number, size = flat_page(request, "messaging")
        selected = [s for s in self.state.account.alpha_senders if s.profile_id == profile.id]
        return json_response(flat_list(selected, self._render_sender, number, size))

    async def list_short_codes(self, request: Request) -> Response:
        """GET /v2/short_codes (`filter[messaging_profile_id]=null` lists unassigned codes)."""
        number, size = flat_page(request, "messaging")
        selected: list[ShortCodeRecord] = self.state.account.short_codes
        profile_id = request.query_params.get("filter[messaging_profile_id]")
        if profile_id == "null":
            selected = [c for c in selected if c.profile_id is None]
        elif profile_id:
            selected = [c for c in selected if c.profile_id == profile_id]
        return json_response(flat_list(selected, views.short_code, number, size))

    async def get_short_code(self, request: Request) -> Response:
        """GET /v2/short_codes/{id}."""
        for code in self.state.account.short_codes:
            if code.id == request.path_params["id"]:
                return json_response({"data": views.short_code(code)})
        return not_found("messaging", "The requested short code could not be found.")

    async def list_senders(self, request: Request) -> Response:
        """GET /v2/alphanumeric_sender_ids."""
        number, size = flat_page(request, "messaging")
        selected: list[AlphaSender] = self.state.account.alpha_senders
        profile_id = request.query_params.get("filter[messaging_profile_id]")
        if profile_id:
            selected = [s for s in selected if s.profile_id == profile_id]
        return json_response(flat_list(selected, self._render_sender, number, size))

    async def get_sender(self, request: Request) -> Response:
        """GET /v2/alphanumeric_sender_ids/{id}."""
        for sender in self.state.account.alpha_senders:
            if sender.id == request.path_params["id"]:
                return json_response({"data": self._render_sender(sender)})
        return not_found("messaging", "The requested alphanumeric sender ID could not be found.")
