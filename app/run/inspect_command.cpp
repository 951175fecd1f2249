// assay-run inspect: what a safetensors/npy/npz file holds (name, dtype, shape, bytes, metadata).
#include <iostream>
#include <memory>

#include "assay/io/tensor_file.h"
#include "commands.h"

namespace assay::app {

void addInspectCommand(CLI::App& app, std::function<int()>& action) {
    auto path = std::make_shared<std::string>();
    CLI::App* sub =
        app.add_subcommand("inspect", "list the tensors of a .safetensors, .npy or .npz file");
    sub->add_option("file", *path, "file to inspect")->required();
    sub->callback([path, &action] {
        action = [path] {
            const auto f = core::io::TensorFile::open(*path);
            for (const auto& t : f.tensors()) {
                std::string shape;
                for (auto d : t.shape) shape += (shape.empty() ? "" : ",") + std::to_string(d);
                std::cout << t.name << "\t" << core::io::dtypeName(t.dtype) << "\t[" << shape
                          << "]\t" << t.byteLength << " bytes\n";
            }
            for (const auto& [k, v] : f.metadata())
                std::cout << "metadata " << k << " = " << v << "\n";
            return 0;
        };
    });
}

}  // namespace assay::app
