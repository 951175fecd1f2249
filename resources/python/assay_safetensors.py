"""Write (and read back) safetensors files with NumPy only.

Copy this file next to your capture script when the `safetensors` package is not available
(it is not packaged in Debian). The files it writes open in Assay and in the reference
`safetensors` library alike.

    import numpy as np
    from assay_safetensors import save_file
    save_file({"layers.0.topk_idx": idx.astype(np.int64), "scores": scores},
              "trace.safetensors", metadata={"model": "my-moe"})

PyTorch tensors are accepted too (they are moved to the CPU; bfloat16 is kept as BF16).
"""
import json
import os
import struct
import tempfile

import numpy as np

_DTYPES = {
    np.dtype("float64"): "F64", np.dtype("float32"): "F32", np.dtype("float16"): "F16",
    np.dtype("int64"): "I64", np.dtype("int32"): "I32", np.dtype("int16"): "I16",
    np.dtype("int8"): "I8", np.dtype("uint8"): "U8", np.dtype("bool"): "BOOL",
    np.dtype("uint16"): "U16", np.dtype("uint32"): "U32", np.dtype("uint64"): "U64",
}
_NUMPY = {name: dtype for dtype, name in _DTYPES.items()}


def _as_array(name, value):
    """Returns (dtype name, shape, little-endian C-order bytes)."""
    if hasattr(value, "detach"):  # a torch.Tensor, without importing torch here
        value = value.detach().cpu().contiguous()
        if str(value.dtype) == "torch.bfloat16":
            import torch
            raw = value.view(torch.int16).numpy()
            return "BF16", list(raw.shape), raw.astype("<i2").tobytes()
        value = value.numpy()
    array = np.asarray(value)
    key = array.dtype.newbyteorder("=") if array.dtype.byteorder in "<>" else array.dtype
    if key not in _DTYPES:
        raise ValueError(f"{name}: dtype {array.dtype} is not supported by safetensors")
    little = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    return _DTYPES[key], list(array.shape), little.tobytes()


def save_file(tensors, path, metadata=None):
    """Writes a dict {name: array} to path, atomically, in the dict's order."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, value in tensors.items():
        dtype, shape, data = _as_array(name, value)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data section starts 8-byte aligned
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".tmp-")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a result file should read like any other
        with os.fdopen(fd, "wb") as out:
            out.write(struct.pack("<Q", len(text)))
            out.write(text)
            for blob in blobs:
                out.write(blob)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load_file(path):
    """Reads a safetensors file into ({name: array}, metadata); BF16 comes back as int16 bits."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    arrays = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = np.dtype("<i2") if entry["dtype"] == "BF16" else _NUMPY[entry["dtype"]].newbyteorder("<")
        arrays[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(entry["shape"])
    return arrays, metadata


if __name__ == "__main__":
    import sys
    for file_name in sys.argv[1:]:
        loaded, meta = load_file(file_name)
        print(file_name, meta)
        for tensor_name, arr in loaded.items():
            print(f"  {tensor_name}: {arr.dtype} {list(arr.shape)}")
