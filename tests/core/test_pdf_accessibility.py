"""Every kind of PDF the portal makes is tagged (PDF/UA-1 from WeasyPrint): its metadata title is
the document's title and the catalog names the language (nb), says it is marked and holds a
structure tree. The meeting packet, merged with pypdf from the notice, the case papers and their
attachments, keeps the structure of its parts under one /Document and every page's
parent-tree key still leads to its elements; the page numbers stamped on it are artifacts."""

import io

from django.core.management import call_command
from django.utils.translation import override
from pypdf import PdfReader

from applications import forwarding
from applications.models import Application, Prioritisation
from committees import documents as committee_documents
from committees.models import Case, Meeting
from core.pdf import render_template_to_pdf
from projects import documents as project_documents
from projects.models import Project


def _number_tree(node) -> dict:
    node = node.get_object()
    items = {}
    nums = node.get("/Nums") or []
    for index in range(0, len(nums), 2):
        items[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids") or []:
        items.update(_number_tree(kid))
    return items


def _elements(element, depth=0):
    """Every structure element below (and with) `element`."""
    element = element.get_object()
    yield element
    kids = element.get("/K")
    kids = kids if isinstance(kids, list) else [kids]
    for kid in kids:
        if kid is not None and not isinstance(kid, int):
            kid = kid.get_object()
            if isinstance(kid, dict) and "/S" in kid:
                yield from _elements(kid, depth + 1)


def accessibility_problems(name: str, content: bytes, title: str) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    problems = []
    if reader.metadata.title != title:
        problems.append(f"{name}: /Title is {reader.metadata.title!r}, not {title!r}")
    if catalog.get("/Lang") != "nb":
        problems.append(f"{name}: /Lang is {catalog.get('/Lang')!r}")
    if not (catalog.get("/MarkInfo") or {}).get("/Marked"):
        problems.append(f"{name}: not marked (/MarkInfo {catalog.get('/MarkInfo')!r})")
    if not (catalog.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
        problems.append(f"{name}: viewers would show the file name, not the title")
    tree = catalog.get("/StructTreeRoot")
    if tree is None:
        return [*problems, f"{name}: no /StructTreeRoot"]
    tree = tree.get_object()
    (document,) = tree["/K"] if isinstance(tree["/K"], list) else [tree["/K"]]
    kinds = {str(element.get("/S")) for element in _elements(document)}
    if document.get_object()["/S"] != "/Document" or not {"/H1", "/P"} <= kinds:
        problems.append(f"{name}: structure without a /Document, headings or paragraphs: {sorted(kinds)}")
    parent_tree = _number_tree(tree["/ParentTree"])
    for number, page in enumerate(reader.pages, start=1):
        key = page.get("/StructParents")
        if key is None or int(key) not in parent_tree:
            problems.append(f"{name}: page {number} has no entry in the parent tree ({key!r})")
    return problems


def test_every_kind_of_pdf_is_tagged_with_title_and_language(db):
    # Given the demo: submitted applications, the SSU's held meeting with its cases and approved
    # protocol, the projects
    call_command("seed_demo", stdout=io.StringIO())
    application = Application.objects.get(title__startswith="Interkommunalt innsats- og vurderingsteam")
    version = application.versions.get(number=1)
    meeting = Meeting.objects.filter(date__year=2025, protocol_approved_at__isnull=False).latest("date")
    case = Case.objects.get(meeting__date__year=2025, title__startswith="Prioritering")
    project = Project.objects.get(application=application)
    prioritisation = Prioritisation.objects.get(round=application.round)
    _entries, rows, direct, totals = forwarding.package_contents(prioritisation)

    # When each kind of PDF is made
    with override("nb"):
        made = {
            "application version": (
                render_template_to_pdf(
                    "pdf/application.html", {"snapshot": version.snapshot, "version": version}
                ),
                version.snapshot["title"],
            ),
            "prioritised list": (
                forwarding.list_pdf(prioritisation, rows, direct, totals),
                f"Prioritert liste 2025 – {application.round.health_community}",
            ),
            "case paper": (
                committee_documents.render_case_pdf_bytes(case),
                committee_documents.case_title(case),
            ),
            "meeting packet": (
                committee_documents.meeting_packet_bytes(meeting),
                f"Møtedokumenter {meeting.committee.name} {meeting.date:%d.%m.%Y}",
            ),
            "protocol": (
                committee_documents.protocol_pdf_bytes(meeting),
                committee_documents.protocol_title(meeting),
            ),
            "project sheet": (
                project_documents.sheet_pdf_bytes(project_documents.load_project(project.pk)),
                project_documents.sheet_title(project),
            ),
        }

    # Then each carries its title and language, is marked and has a structure tree
    problems = [
        problem
        for name, (content, title) in made.items()
        for problem in accessibility_problems(name, content, title)
    ]
    assert not problems, "\n".join(problems)


def test_the_meeting_packet_keeps_the_structure_of_its_parts(db):
    # Given the demo's held SSU meeting, whose packet merges the notice, the papers and attachments
    call_command("seed_demo", stdout=io.StringIO())
    meeting = Meeting.objects.filter(date__year=2025, protocol_approved_at__isnull=False).latest("date")
    cases = committee_documents.meeting_cases(meeting)

    # When the packet is made
    reader = PdfReader(io.BytesIO(committee_documents.meeting_packet_bytes(meeting)))

    # Then its one /Document holds the main heading of every paper (the notice and each case) …
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    (document,) = tree["/K"]
    document = document.get_object()
    headings = [element for element in _elements(document) if element.get("/S") == "/H1"]
    assert len(headings) >= 1 + len(cases)
    # … every element points at its parent, and every element the parent tree names is in the tree
    for element in _elements(document):
        for kid in element.get("/K") if isinstance(element.get("/K"), list) else []:
            if not isinstance(kid, int) and kid.get_object().get("/S"):
                assert kid.get_object().raw_get("/P").idnum == element.indirect_reference.idnum
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    parent_tree = _number_tree(tree["/ParentTree"])
    for number, page in enumerate(reader.pages):
        elements = parent_tree[int(page["/StructParents"])]
        for element in elements if isinstance(elements, list) else [elements]:
            element = element.get_object()
            assert pages[element.raw_get("/Pg").idnum] == number
    # … and the stamped «Side N av M» is an artifact, outside the structure
    last = reader.pages[-1]
    assert b"/Artifact BMC" in last.get_contents().get_data()
    assert f"Side {len(reader.pages)} av {len(reader.pages)}" in last.extract_text()
