"""The prioritisation board's link to the committee flow: the board shows the prioritisation
case (or a form to make it on an SSU meeting) instead of the manual SSU decision form."""

from django import template

from committees import selectors

register = template.Library()


@register.simple_tag
def prioritisation_case_state(round_, prioritisation):
    """{% prioritisation_case_state round prioritisation as state %}: `state.ssu` is the SSU of
    the round's helsefellesskap (None: no committee flow, the manual form stays); `state.case`
    the live prioritisation case; `state.meetings` the SSU meetings it can go on."""
    ssu = selectors.ssu_for(round_.health_community_id)
    if ssu is None:
        return {"ssu": None}
    case = selectors.prioritisation_case(prioritisation)
    return {
        "ssu": ssu,
        "case": case,
        "meetings": [] if case else list(selectors.ssu_meetings_for_round(round_, prioritisation)),
    }
