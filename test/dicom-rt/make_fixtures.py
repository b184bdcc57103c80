#!/usr/bin/python3
"""Writes small DICOM series, RTSTRUCTs and DICOM-SEGs from known shapes, for radlab's tests.

    /usr/bin/python3 test/dicom-rt/make_fixtures.py OUT_DIR

Needs only Debian's python3-pydicom (no numpy): every grid is tiny. Written at test time, never
committed. Layout of OUT_DIR:

  axial/ct/              CT series, 48 x 40 x 12, pixel spacing 0.9 x 1.1 mm, slices 2.5 mm apart
                         (SliceThickness says 5 mm on purpose), origin at non-integer mm
  axial/RS.dcm           ROIs: GTVp (ellipses), GTVn (non-convex star + an open contour),
                         Ring (outer and nested inner contour on the same slices), Nodes (many small
                         circles), Marker (a point only), Empty (no contour)
  axial/RS_other_for.dcm the same ROIs, another frame of reference and series
  axial/RS_other_series.dcm  GTVp in the series' frame of reference, but referencing another series
  axial/RS_between.dcm   a contour half-way between two slices
  axial/RS_off.dcm       a contour beyond the last slice
  axial/SEG_binary.dcm   BINARY SEG of labels.json (segments 1 "Tumour", 2 "Node"; frames only where
                         a segment has voxels)
  axial/SEG_other_series.dcm  the binary SEG referencing another series of the same frame of reference
  axial/SEG_empty_segment.dcm the binary SEG with a third segment "Empty" that has no frame
  axial/SEG_fractional.dcm  FRACTIONAL SEG of the same labels (value 255 inside, 100 on a ring of
                         voxels that must read as outside)
  axial/labels.json      {"size": [nx, ny, nz], "labels": [...]} the known label image (i fastest)
  oblique/ct/, oblique/RS.dcm  an oblique series (rows and columns rotated out of every axis)
  mixed/                 two series in one folder ("T2 axial" 6 slices, "CT plan" 5 slices)
"""
import json
import math
import os
import sys

import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
RTSTRUCT = "1.2.840.10008.5.1.4.1.1.481.3"
SEGMENTATION = "1.2.840.10008.5.1.4.1.1.66.4"
ROOT = "1.2.826.0.1.3680043.8.498.7"
_counter = [0]


def uid(tag):
    """Deterministic UIDs (digits only, the tag names what for), so two runs write the same files."""
    _counter[0] += 1
    return f"{ROOT}.{_counter[0]}"


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


class Series:
    """A grid as DICOM writes it: rows/columns direction, pixel spacing, slice positions."""

    def __init__(self, nx, ny, nz, sx, sy, dz, origin, row=(1, 0, 0), col=(0, 1, 0), description="CT", number=1):
        self.nx, self.ny, self.nz, self.sx, self.sy, self.dz = nx, ny, nz, sx, sy, dz
        self.origin, self.row, self.col = origin, row, col
        self.normal = cross(row, col)
        self.description, self.number = description, number
        self.study = uid("study")
        self.series = uid("series")
        self.frame_of_reference = uid("for")
        self.sops = [uid("sop") for _ in range(nz)]

    def position(self, k):
        return tuple(self.origin[d] + k * self.dz * self.normal[d] for d in range(3))

    def point(self, k, u, v):
        """Patient position of plane coordinates (u along the rows, v down the columns) on slice k."""
        p = self.position(k)
        return tuple(p[d] + u * self.row[d] + v * self.col[d] for d in range(3))

    def value(self, i, j, k):
        return int(200 + 60 * math.sin(i / 3.0) + 40 * math.cos(j / 4.0) + 15 * k + (i * 7 + j * 13 + k * 17) % 23)


def image_ref(sop):
    """A reference to one CT slice (Referenced SOP Class and Instance UIDs)."""
    item = Dataset()
    item.ReferencedSOPClassUID = CT_IMAGE
    item.ReferencedSOPInstanceUID = sop
    return item


def base_dataset(path, sop_class, sop_instance):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = f"{ROOT}.1"
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_instance
    ds.PatientName = "Phantom^RT"
    ds.PatientID = "RT001"
    ds.StudyDate = "20260101"
    return ds


def write_series(s, folder, prefix="CT"):
    os.makedirs(folder, exist_ok=True)
    for k in range(s.nz):
        path = os.path.join(folder, f"{prefix}{k:03d}.dcm")
        ds = base_dataset(path, CT_IMAGE, s.sops[k])
        ds.Modality = "CT"
        ds.StudyInstanceUID = s.study
        ds.SeriesInstanceUID = s.series
        ds.SeriesDescription = s.description
        ds.SeriesNumber = s.number
        ds.InstanceNumber = k + 1
        ds.FrameOfReferenceUID = s.frame_of_reference
        ds.ImagePositionPatient = [f"{x:.6f}" for x in s.position(k)]
        ds.ImageOrientationPatient = [f"{x:.8f}" for x in (*s.row, *s.col)]
        ds.PixelSpacing = [f"{s.sy:.6f}", f"{s.sx:.6f}"]
        ds.SliceThickness = "5"  # deliberately not the spacing of the positions (2.5 mm)
        ds.Rows, ds.Columns = s.ny, s.nx
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 16, 15
        ds.PixelRepresentation = 1
        ds.RescaleIntercept, ds.RescaleSlope = "0", "1"
        values = [s.value(i, j, k) for j in range(s.ny) for i in range(s.nx)]
        ds.PixelData = b"".join(v.to_bytes(2, "little", signed=True) for v in values)
        ds.save_as(path, write_like_original=False)


def polygon(cu, cv, ru, rv, n=48, angle=0.0):
    """An ellipse as n vertices (plane mm)."""
    ca, sa = math.cos(angle), math.sin(angle)
    out = []
    for m in range(n):
        t = 2 * math.pi * m / n
        x, y = ru * math.cos(t), rv * math.sin(t)
        out.append((cu + ca * x - sa * y, cv + sa * x + ca * y))
    return out


def star(cu, cv, outer, inner, points=5):
    return [
        (cu + (outer if m % 2 == 0 else inner) * math.cos(math.pi * m / points), cv + (outer if m % 2 == 0 else inner) * math.sin(math.pi * m / points))
        for m in range(2 * points)
    ]


def axial_rois():
    """ROI name -> (interpreted type, colour, [(slice k, geometric type, plane polygon)])."""
    gtvp = []
    for k in range(2, 10):
        f = math.sqrt(max(0.0, 1 - ((k - 5.5) / 4.6) ** 2))
        gtvp.append((k, "CLOSED_PLANAR", polygon(20.3, 19.1, 11.0 * f, 8.0 * f, 64, 0.4)))
    gtvn = [(k, "CLOSED_PLANAR", star(32.2, 11.3, 7.3, 3.1)) for k in range(3, 7)]
    gtvn.append((4, "OPEN_PLANAR", [(5.1, 5.2), (9.3, 6.1), (12.2, 9.7)]))
    ring = []
    for k in range(6, 9):
        ring.append((k, "CLOSED_PLANAR", polygon(14.1, 30.2, 9.2, 7.7, 40)))
        ring.append((k, "CLOSED_PLANAR", polygon(14.6, 30.0, 4.1, 3.3, 24)))
    nodes = []
    for m in range(14):
        k = 1 + m % 10
        nodes.append((k, "CLOSED_PLANAR", polygon(5.3 + 2.9 * m, 4.1 + 2.3 * (m % 5) + 20.0 * (m % 2), 2.2, 1.9, 12, 0.3 * m)))
    marker = [(5, "POINT", [(25.25, 20.35)])]
    return {
        "GTVp": ("GTV", (255, 0, 0), gtvp),
        "GTVn": ("GTV", (0, 128, 255), gtvn),
        "Ring": ("ORGAN", (0, 200, 0), ring),
        "Nodes": ("GTV", (255, 200, 0), nodes),
        "Marker": ("MARKER", (255, 0, 255), marker),
        "Empty": ("AVOIDANCE", (128, 128, 128), []),
    }


def write_rtstruct(path, s, rois, frame_of_reference=None, series_uid=None, offset_k=0.0):
    """An RTSTRUCT whose contours sit on the slices of `s` (or offset_k slices away from them)."""
    frame_of_reference = frame_of_reference or s.frame_of_reference
    series_uid = series_uid or s.series
    ds = base_dataset(path, RTSTRUCT, uid("rtstruct"))
    ds.Modality = "RTSTRUCT"
    ds.StudyInstanceUID = s.study
    ds.SeriesInstanceUID = uid("rtseries")
    ds.SeriesNumber = 99
    ds.StructureSetLabel = "radlab test"
    ds.StructureSetName = "radlab test"
    ds.FrameOfReferenceUID = frame_of_reference
    rt_series = Dataset()
    rt_series.SeriesInstanceUID = series_uid
    rt_series.ContourImageSequence = Sequence([image_ref(sop) for sop in s.sops])
    rt_study = Dataset()
    rt_study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    rt_study.ReferencedSOPInstanceUID = s.study
    rt_study.RTReferencedSeriesSequence = Sequence([rt_series])
    ref_for = Dataset()
    ref_for.FrameOfReferenceUID = frame_of_reference
    ref_for.RTReferencedStudySequence = Sequence([rt_study])
    ds.ReferencedFrameOfReferenceSequence = Sequence([ref_for])
    ds.StructureSetROISequence = Sequence()
    ds.ROIContourSequence = Sequence()
    ds.RTROIObservationsSequence = Sequence()
    for number, (name, (kind, colour, contours)) in enumerate(rois.items(), start=1):
        roi = Dataset()
        roi.ROINumber = number
        roi.ReferencedFrameOfReferenceUID = frame_of_reference
        roi.ROIName = name
        roi.ROIGenerationAlgorithm = "MANUAL"
        ds.StructureSetROISequence.append(roi)
        rc = Dataset()
        rc.ReferencedROINumber = number
        rc.ROIDisplayColor = list(colour)
        if contours:
            rc.ContourSequence = Sequence()
            for k, geometry, poly in contours:
                c = Dataset()
                c.ContourGeometricType = geometry
                c.NumberOfContourPoints = len(poly)
                data = []
                for u, v in poly:
                    data.extend(s.point(k + offset_k, u, v))
                c.ContourData = [f"{x:.4f}" for x in data]
                if 0 <= k < s.nz:
                    c.ContourImageSequence = Sequence([image_ref(s.sops[k])])
                rc.ContourSequence.append(c)
        ds.ROIContourSequence.append(rc)
        obs = Dataset()
        obs.ObservationNumber = number
        obs.ReferencedROINumber = number
        obs.RTROIInterpretedType = kind
        obs.ROIInterpreter = ""
        ds.RTROIObservationsSequence.append(obs)
    ds.save_as(path, write_like_original=False)


def known_labels(s):
    """Label 1: an ellipsoid; label 2: a box on slices 7..9; label 0 elsewhere."""
    labels = []
    for k in range(s.nz):
        for j in range(s.ny):
            for i in range(s.nx):
                if ((i - 20) / 9.0) ** 2 + ((j - 17) / 7.0) ** 2 + ((k - 4.5) / 3.2) ** 2 <= 1:
                    labels.append(1)
                elif 30 <= i <= 41 and 25 <= j <= 33 and 7 <= k <= 9:
                    labels.append(2)
                else:
                    labels.append(0)
    return labels


def code(value, scheme, meaning):
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return c


def write_seg(path, s, labels, fractional=False):
    """A DICOM-SEG (Segmentation IOD, PS3.3 A.51) of `labels` on the grid of `s`: one frame per
    (segment, slice) where that segment has voxels."""
    ds = base_dataset(path, SEGMENTATION, uid("seg"))
    ds.Modality = "SEG"
    ds.StudyInstanceUID = s.study
    ds.SeriesInstanceUID = uid("segseries")
    ds.SeriesNumber = 98
    ds.InstanceNumber = 1
    ds.FrameOfReferenceUID = s.frame_of_reference
    ds.Manufacturer = "radlab tests"
    ds.ContentLabel = "LABELS"
    ds.ContentDescription = "known label image"
    ds.ContentCreatorName = "radlab"
    ds.ContentDate, ds.ContentTime = "20260101", "120000"
    ds.ImageType = ["DERIVED", "PRIMARY"]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = s.ny, s.nx
    ds.PixelRepresentation = 0
    ds.LossyImageCompression = "00"
    if fractional:
        ds.SegmentationType = "FRACTIONAL"
        ds.SegmentationFractionalType = "PROBABILITY"
        ds.MaximumFractionalValue = 255
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
    else:
        ds.SegmentationType = "BINARY"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 1, 0
    segments = Sequence()
    for number, (label, kind) in enumerate((("Tumour", ("108369006", "Neoplasm")), ("Node", ("59441001", "Lymph node"))), start=1):
        seg = Dataset()
        seg.SegmentNumber = number
        seg.SegmentLabel = label
        seg.SegmentAlgorithmType = "MANUAL"
        seg.SegmentedPropertyCategoryCodeSequence = Sequence([code("49755003", "SCT", "Morphologically Altered Structure")])
        seg.SegmentedPropertyTypeCodeSequence = Sequence([code(kind[0], "SCT", kind[1])])
        seg.RecommendedDisplayCIELabValue = [32768, 32768, 32768]
        segments.append(seg)
    ds.SegmentSequence = segments
    shared = Dataset()
    measures = Dataset()
    measures.PixelSpacing = [f"{s.sy:.6f}", f"{s.sx:.6f}"]
    measures.SliceThickness = f"{s.dz:.6f}"
    measures.SpacingBetweenSlices = f"{s.dz:.6f}"
    shared.PixelMeasuresSequence = Sequence([measures])
    orient = Dataset()
    orient.ImageOrientationPatient = [f"{x:.8f}" for x in (*s.row, *s.col)]
    shared.PlaneOrientationSequence = Sequence([orient])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    dim_uid = uid("dim")
    dims = Sequence()
    for pointer, group in ((0x0062000B, 0x00620000 + 0x000A), (0x00200032, 0x00209113)):
        d = Dataset()
        d.DimensionOrganizationUID = dim_uid
        d.DimensionIndexPointer = pointer
        d.FunctionalGroupPointer = group
        dims.append(d)
    ds.DimensionIndexSequence = dims
    org = Dataset()
    org.DimensionOrganizationUID = dim_uid
    ds.DimensionOrganizationSequence = Sequence([org])
    ds.DimensionOrganizationType = "3D"
    n_pix = s.nx * s.ny
    frames = Sequence()
    values = []
    for number in (1, 2):
        for k in range(s.nz):
            plane = labels[k * n_pix : (k + 1) * n_pix]
            if number not in plane:
                continue  # segments on a subset of the frames
            frame = Dataset()
            src = image_ref(s.sops[k])
            src.PurposeOfReferenceCodeSequence = Sequence([code("121322", "DCM", "Source image for image processing operation")])
            derivation = Dataset()
            derivation.DerivationCodeSequence = Sequence([code("113076", "DCM", "Segmentation")])
            derivation.SourceImageSequence = Sequence([src])
            frame.DerivationImageSequence = Sequence([derivation])
            content = Dataset()
            content.DimensionIndexValues = [number, k + 1]
            frame.FrameContentSequence = Sequence([content])
            pos = Dataset()
            pos.ImagePositionPatient = [f"{x:.6f}" for x in s.position(k)]
            frame.PlanePositionSequence = Sequence([pos])
            ident = Dataset()
            ident.ReferencedSegmentNumber = number
            frame.SegmentIdentificationSequence = Sequence([ident])
            frames.append(frame)
            if fractional:
                # 255 inside; 100 (< half) on the label's outer neighbours, which must stay outside.
                for n, lab in enumerate(plane):
                    if lab == number:
                        values.append(255)
                    else:
                        i, j = n % s.nx, n // s.nx
                        near = any(0 <= i + a < s.nx and 0 <= j + b < s.ny and plane[(j + b) * s.nx + i + a] == number for a, b in ((1, 0), (-1, 0), (0, 1), (0, -1)))
                        values.append(100 if near else 0)
            else:
                values.extend(1 if lab == number else 0 for lab in plane)
    ds.PerFrameFunctionalGroupsSequence = frames
    ds.NumberOfFrames = len(frames)
    series_ref = Dataset()
    series_ref.SeriesInstanceUID = s.series
    series_ref.ReferencedInstanceSequence = Sequence([image_ref(sop) for sop in s.sops])
    ds.ReferencedSeriesSequence = Sequence([series_ref])
    if fractional:
        data = bytes(values)
    else:
        # Binary frames are packed bit by bit, least significant bit first, with no padding between frames (PS3.5 8.1.1).
        data = bytearray((len(values) + 7) // 8)
        for n, bit in enumerate(values):
            if bit:
                data[n >> 3] |= 1 << (n & 7)
        data = bytes(data)
    if len(data) % 2:
        data += b"\0"
    ds.PixelData = data
    ds["PixelData"].VR = "OB"
    ds.save_as(path, write_like_original=False)


def main(out):
    axial = Series(48, 40, 12, 0.9, 1.1, 2.5, (-30.27, -20.73, 10.25))
    write_series(axial, os.path.join(out, "axial", "ct"))
    rois = axial_rois()
    write_rtstruct(os.path.join(out, "axial", "RS.dcm"), axial, rois)
    write_rtstruct(os.path.join(out, "axial", "RS_other_for.dcm"), axial, rois, frame_of_reference=uid("otherfor"), series_uid=uid("otherseries"))
    write_rtstruct(os.path.join(out, "axial", "RS_other_series.dcm"), axial, {"GTVp": rois["GTVp"]}, series_uid=uid("otherseries"))
    write_rtstruct(os.path.join(out, "axial", "RS_between.dcm"), axial, {"GTVp": rois["GTVp"]}, offset_k=0.5)
    off = {"GTVp": ("GTV", (255, 0, 0), rois["GTVp"][2] + [(14, "CLOSED_PLANAR", polygon(20.0, 19.0, 5.0, 5.0, 16))])}
    write_rtstruct(os.path.join(out, "axial", "RS_off.dcm"), axial, off)
    labels = known_labels(axial)
    with open(os.path.join(out, "axial", "labels.json"), "w") as f:
        json.dump({"size": [axial.nx, axial.ny, axial.nz], "labels": labels}, f)
    write_seg(os.path.join(out, "axial", "SEG_binary.dcm"), axial, labels)
    write_seg(os.path.join(out, "axial", "SEG_fractional.dcm"), axial, labels, fractional=True)

    a, b = math.radians(25), math.radians(15)
    row = (math.cos(a), math.sin(a), 0.0)
    col = (-math.sin(a) * math.cos(b), math.cos(a) * math.cos(b), math.sin(b))
    oblique = Series(40, 36, 10, 1.0, 1.0, 3.0, (12.4, -40.6, -5.3), row, col, "oblique T2")
    write_series(oblique, os.path.join(out, "oblique", "ct"))
    oblique_rois = {
        "GTVp": ("GTV", (255, 0, 0), [(k, "CLOSED_PLANAR", polygon(19.2, 17.1, 9.0 * math.sqrt(max(0.0, 1 - ((k - 4.5) / 4.2) ** 2)), 6.5, 56, 0.7)) for k in range(1, 9)]),
        "GTVn": ("GTV", (0, 128, 255), [(k, "CLOSED_PLANAR", star(30.1, 25.3, 6.0, 2.6)) for k in range(3, 6)]),
    }
    write_rtstruct(os.path.join(out, "oblique", "RS.dcm"), oblique, oblique_rois)

    t2 = Series(16, 16, 6, 1.0, 1.0, 4.0, (0.0, 0.0, 0.0), description="T2 axial", number=3)
    plan = Series(16, 16, 5, 1.0, 1.0, 3.0, (0.0, 0.0, 0.0), description="CT plan", number=7)
    write_series(t2, os.path.join(out, "mixed"), prefix="T2_")
    write_series(plan, os.path.join(out, "mixed"), prefix="CT_")
    # The binary SEG referencing another series of the same frame of reference, and with a segment that has no frame.
    binary = os.path.join(out, "axial", "SEG_binary.dcm")
    other = pydicom.dcmread(binary)
    other.ReferencedSeriesSequence[0].SeriesInstanceUID = uid("otherseries")
    other.save_as(os.path.join(out, "axial", "SEG_other_series.dcm"), write_like_original=False)
    empty = pydicom.dcmread(binary)
    segment = Dataset()
    segment.SegmentNumber = 3
    segment.SegmentLabel = "Empty"
    segment.SegmentAlgorithmType = "MANUAL"
    segment.SegmentedPropertyCategoryCodeSequence = Sequence([code("49755003", "SCT", "Morphologically Altered Structure")])
    segment.SegmentedPropertyTypeCodeSequence = Sequence([code("108369006", "SCT", "Neoplasm")])
    empty.SegmentSequence.append(segment)
    empty.save_as(os.path.join(out, "axial", "SEG_empty_segment.dcm"), write_like_original=False)
    with open(os.path.join(out, "uids.json"), "w") as f:
        json.dump({"mixed": {"t2": t2.series, "plan": plan.series}, "axial": {"series": axial.series, "frameOfReference": axial.frame_of_reference}}, f)


if __name__ == "__main__":
    main(sys.argv[1])
