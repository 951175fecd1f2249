#include "tensor_convert.h"

#include <algorithm>
#include <cstring>

namespace assay::core::io::detail {

void toNativeCOrder(const unsigned char* src, unsigned char* dst, std::size_t elementSize,
                    const std::vector<std::int64_t>& shape, bool bigEndian, bool fortranOrder) {
    std::size_t numel = 1;
    for (auto d : shape) numel *= static_cast<std::size_t>(d);
    if (numel == 0) return;
    if (!fortranOrder || shape.size() < 2) {
        std::memcpy(dst, src, numel * elementSize);
    } else {
        // Walk the C-order destination with an odometer over the index; the Fortran offset of
        // that index is sum(i_k * stride_k) with strides growing from the first axis.
        const std::size_t rank = shape.size();
        std::vector<std::size_t> fortranStride(rank), index(rank, 0);
        std::size_t stride = 1;
        for (std::size_t k = 0; k < rank; ++k) {
            fortranStride[k] = stride;
            stride *= static_cast<std::size_t>(shape[k]);
        }
        std::size_t srcElement = 0;
        for (std::size_t c = 0; c < numel; ++c) {
            std::memcpy(dst + c * elementSize, src + srcElement * elementSize, elementSize);
            for (std::size_t k = rank; k-- > 0;) {
                srcElement += fortranStride[k];
                if (++index[k] < static_cast<std::size_t>(shape[k])) break;
                srcElement -= fortranStride[k] * index[k];
                index[k] = 0;
            }
        }
    }
    if (bigEndian && elementSize > 1) {
        for (std::size_t i = 0; i < numel; ++i) {
            std::reverse(dst + i * elementSize, dst + (i + 1) * elementSize);
        }
    }
}

}  // namespace assay::core::io::detail
