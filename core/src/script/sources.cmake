# core/src/script: TorchScript modules run by core (core/script_module.h), shared by the Token
# windows view's encoders and the Inversion view's models. The LibTorch part goes to the module
# through assay_torch_sources().
