#!/usr/bin/python3
"""Writes compressed copies of make_fixtures.py's files, for radlab's transfer-syntax tests.

    /usr/bin/python3 test/dicom-rt/make_compressed.py OUT_DIR   (after make_fixtures.py OUT_DIR)

Encoders: Debian's dcmtk (dcmcjpeg, dcmcrle, dcmconv, dcmdjpls) and libgdcm-tools (gdcmconv),
each an implementation independent of the reader under test only as far as the codec goes: the
oracle is the uncompressed series (identical voxels for every lossless syntax). Layout:

  compressed/<name>/      the axial CT series in one transfer syntax each:
      jpeg-lossless-sv1   1.2.840.10008.1.2.4.70 (dcmcjpeg +e1)
      jpeg-lossless       1.2.840.10008.1.2.4.57 (dcmcjpeg +el)
      jpeg-ls             1.2.840.10008.1.2.4.80 (gdcmconv --jpegls)
      jpeg-2000           1.2.840.10008.1.2.4.90 (gdcmconv --j2k)
      rle                 1.2.840.10008.1.2.5    (dcmcrle)
      deflate             1.2.840.10008.1.2.1.99 (dcmconv +td)
      big-endian          1.2.840.10008.1.2.2    (dcmconv +tb)
      jpeg-ls-near        1.2.840.10008.1.2.4.81, allowed error 3 (gdcmconv --jpegls --lossy)
      jpeg-ls-near-dcmtk  the same files decoded by dcmtk's dcmdjpls (Explicit VR Little Endian)
      eight-bit           the series as 8-bit unsigned pixels (CT value − 100, clipped to 0..255)
      jpeg-baseline       1.2.840.10008.1.2.4.50, lossy, of the 8-bit series (dcmcjpeg +eb)
      jpeg-baseline-dcmtk the same files decoded by dcmtk's dcmdjpeg (Explicit VR Little Endian)
      htj2k               the JPEG 2000 files relabelled High-Throughput JPEG 2000 (1.2.840.10008.1.2.4.201),
                          a transfer syntax radlab does not decode
  axial/SEG_fractional_<rle|jpeg-ls|jpeg-2000>.dcm   the FRACTIONAL SEG compressed (gdcmconv)
  axial/SEG_binary_deflate.dcm, axial/RS_deflate.dcm  deflated (dcmconv +td)
  axial/SEG_htj2k.dcm     the JPEG 2000 SEG relabelled HTJ2K
"""
import os
import struct
import subprocess
import sys

import pydicom
from pydicom._uid_dict import UID_dictionary

HTJ2K = "1.2.840.10008.1.2.4.201"


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def eight_bit(src, dst):
    """The slice with 8-bit unsigned pixels (JPEG baseline takes 8 bits a sample)."""
    ds = pydicom.dcmread(src)
    values = struct.unpack(f"<{ds.Rows * ds.Columns}h", ds.PixelData)
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = bytes(max(0, min(255, v - 100)) for v in values)
    ds["PixelData"].VR = "OB"
    ds.save_as(dst, write_like_original=False)


def relabel(src, dst, uid):
    """The file with its Transfer Syntax UID replaced (pixel data untouched)."""
    ds = pydicom.dcmread(src)
    ds.file_meta.TransferSyntaxUID = uid
    ds.save_as(dst, write_like_original=True)


SERIES = {
    "jpeg-lossless-sv1": lambda i, o: run("dcmcjpeg", "+e1", i, o),
    "jpeg-lossless": lambda i, o: run("dcmcjpeg", "+el", i, o),
    "jpeg-ls": lambda i, o: run("gdcmconv", "--jpegls", i, o),
    "jpeg-2000": lambda i, o: run("gdcmconv", "--j2k", i, o),
    "rle": lambda i, o: run("dcmcrle", i, o),
    "deflate": lambda i, o: run("dcmconv", "+td", i, o),
    "big-endian": lambda i, o: run("dcmconv", "+tb", i, o),
    "jpeg-ls-near": lambda i, o: run("gdcmconv", "--jpegls", "--lossy", "--allowed-error", "3", i, o),
}


def main(out):
    # pydicom 2.3 predates HTJ2K: name it so pydicom writes the UID.
    UID_dictionary.setdefault(HTJ2K, ("High-Throughput JPEG 2000 Image Compression (Lossless Only)", "Transfer Syntax", "", "", "HTJ2KLossless"))
    ct = os.path.join(out, "axial", "ct")
    names = sorted(os.listdir(ct))
    for name, convert in SERIES.items():
        os.makedirs(os.path.join(out, "compressed", name), exist_ok=True)
        for f in names:
            convert(os.path.join(ct, f), os.path.join(out, "compressed", name, f))
    compressed = os.path.join(out, "compressed")
    for folder, make in (
        ("jpeg-ls-near-dcmtk", lambda f, o: run("dcmdjpls", os.path.join(compressed, "jpeg-ls-near", f), o)),
        ("htj2k", lambda f, o: relabel(os.path.join(compressed, "jpeg-2000", f), o, HTJ2K)),
        ("eight-bit", lambda f, o: eight_bit(os.path.join(ct, f), o)),
        ("jpeg-baseline", lambda f, o: run("dcmcjpeg", "+eb", os.path.join(compressed, "eight-bit", f), o)),
        ("jpeg-baseline-dcmtk", lambda f, o: run("dcmdjpeg", os.path.join(compressed, "jpeg-baseline", f), o)),
    ):
        os.makedirs(os.path.join(out, "compressed", folder), exist_ok=True)
        for f in names:
            make(f, os.path.join(out, "compressed", folder, f))
    axial = os.path.join(out, "axial")
    fractional = os.path.join(axial, "SEG_fractional.dcm")
    run("gdcmconv", "--rle", fractional, os.path.join(axial, "SEG_fractional_rle.dcm"))
    run("gdcmconv", "--jpegls", fractional, os.path.join(axial, "SEG_fractional_jpeg-ls.dcm"))
    run("gdcmconv", "--j2k", fractional, os.path.join(axial, "SEG_fractional_jpeg-2000.dcm"))
    run("dcmconv", "+td", os.path.join(axial, "SEG_binary.dcm"), os.path.join(axial, "SEG_binary_deflate.dcm"))
    run("dcmconv", "+td", os.path.join(axial, "RS.dcm"), os.path.join(axial, "RS_deflate.dcm"))
    relabel(os.path.join(axial, "SEG_fractional_jpeg-2000.dcm"), os.path.join(axial, "SEG_htj2k.dcm"), HTJ2K)


if __name__ == "__main__":
    main(sys.argv[1])
