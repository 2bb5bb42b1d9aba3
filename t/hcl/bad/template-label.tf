block "${x}" {}
