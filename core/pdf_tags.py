"""Keeping a merged PDF tagged. pypdf's ``PdfWriter.append`` copies pages but not the structure
tree of the document they come from, so a meeting packet merged from tagged (PDF/UA) papers
would reach a screen reader as untagged text. :class:`TaggedMerge` grafts the structure tree of
each appended part under one ``/Document`` element of the merged file and renumbers the parts'
parent-tree keys (``/StructParents`` of pages, ``/StructParent`` of annotations), so every marked
piece of content still finds its element. Parts without a structure tree (uploaded files that
were never tagged) stay untagged; their pages lose any stale parent-tree key.
"""

from __future__ import annotations

import logging

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

log = logging.getLogger(__name__)

_MAX_NUMBER_TREE_DEPTH = 32


def _number_tree_items(node, depth: int = 0):
    """(key, value) of a number tree (/Nums, or /Kids of nodes holding /Nums)."""
    if node is None or depth > _MAX_NUMBER_TREE_DEPTH:
        return
    node = node.get_object()
    nums = node.get("/Nums")
    if nums is not None:
        nums = nums.get_object()
        for index in range(0, len(nums) - 1, 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids") or ():
        yield from _number_tree_items(kid, depth + 1)


def _as_list(value) -> list:
    if value is None:
        return []
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, ArrayObject) else [value]


class TaggedMerge:
    """Collects the structure of the parts appended to ``writer``; :meth:`finish` writes the
    merged structure tree, /MarkInfo and /Lang into the writer's catalog."""

    def __init__(self, writer: PdfWriter, *, lang: str):
        self.writer = writer
        self.lang = lang
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): self.root_ref,
                NameObject("/K"): ArrayObject(),
            }
        )
        self.document_ref = writer._add_object(self.document)
        self.nums = ArrayObject()
        self.next_key = 0
        self.role_map = DictionaryObject()
        self.tagged_parts = 0

    def add(self, reader: PdfReader, first_page: int) -> bool:
        """Graft the structure of ``reader``, whose pages were appended at ``first_page``.
        False when the part has no usable structure tree (its pages are left untagged)."""
        pages = self.writer.pages[first_page : first_page + len(reader.pages)]
        try:
            tree = reader.trailer["/Root"].get("/StructTreeRoot")
            if tree is not None:
                self._graft(tree.get_object(), reader, pages)
                self.tagged_parts += 1
                return True
        except Exception as error:  # a broken structure tree in an upload: leave that part untagged
            log.warning("PDF structure of an appended part left out: %s", error)
        for page in pages:
            page.pop(NameObject("/StructParents"), None)
        return False

    def _graft(self, tree: DictionaryObject, reader: PdfReader, pages) -> None:
        offset = self.next_key
        highest = -1
        # The elements are cloned without their /P (it would drag the part's whole old tree along)
        # and given their new parents below. Pages and annotations were cloned by append(), so
        # /Pg and /Obj references resolve to the merged file's copies.
        for kid in _as_list(tree.get("/K")):
            cloned = self._indirect(kid.clone(self.writer, ignore_fields=("/P",)))
            element = cloned.get_object()
            if element.get("/S") == "/Document":
                # The part's own /Document: its children go under the merged one.
                for child in _as_list(element.get("/K")):
                    self._adopt(self.document_ref, self.document, child)
            else:
                self._adopt(self.document_ref, self.document, cloned)
        for key, value in _number_tree_items(tree.get("/ParentTree")):
            self.nums.append(NumberObject(key + offset))
            self.nums.append(value.clone(self.writer, ignore_fields=("/P",)))
            highest = max(highest, key)
        next_key = tree.get("/ParentTreeNextKey")
        self.next_key = offset + max(highest + 1, int(next_key) if next_key is not None else 0)
        # append() leaves out the pages' /StructParents (it would point into the wrong tree): take
        # them from the part's own pages.
        for page, original in zip(pages, reader.pages, strict=True):
            if "/StructParents" in original:
                page[NameObject("/StructParents")] = NumberObject(int(original["/StructParents"]) + offset)
            for annotation in _as_list(page.get("/Annots")):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        int(annotation["/StructParent"]) + offset
                    )
        for role, standard in (tree.get("/RoleMap") or DictionaryObject()).get_object().items():
            self.role_map.setdefault(NameObject(role), standard)

    def _indirect(self, value):
        if isinstance(value, IndirectObject):
            return value
        return self.writer._add_object(value)

    def _adopt(self, parent_ref: IndirectObject, parent: DictionaryObject, child) -> None:
        """Append ``child`` to ``parent``'s /K and set the /P of every structure element below."""
        obj = child.get_object() if isinstance(child, IndirectObject) else child
        if isinstance(obj, DictionaryObject) and "/S" in obj:
            child = self._indirect(child)
            obj[NameObject("/P")] = parent_ref
            kids = [grandchild for grandchild in _as_list(obj.get("/K"))]
            obj[NameObject("/K")] = ArrayObject()
            for grandchild in kids:
                self._adopt(child, obj, grandchild)
        parent[NameObject("/K")].append(child)

    def finish(self) -> None:
        if not self.tagged_parts:
            return
        catalog = self.writer.root_object
        self.root[NameObject("/K")] = ArrayObject([self.document_ref])
        self.root[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): self.nums})
        )
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        if self.role_map:
            self.root[NameObject("/RoleMap")] = self.role_map
        catalog[NameObject("/StructTreeRoot")] = self.root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        catalog[NameObject("/Lang")] = TextStringObject(self.lang)
        catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)}
        )
