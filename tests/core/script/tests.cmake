# TorchScript loader tests (modules built and saved in C++ by the LibTorch module).
