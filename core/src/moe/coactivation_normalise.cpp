// Display normalisations of co-activation counts (coactivation.h documents each formula).
#include <cstddef>

#include "assay/core/error.h"
#include "assay/moe/coactivation.h"

namespace assay::core::moe {

std::vector<double> normalise(const Coactivation& c, Normalisation how) {
    const int n = c.n;
    const double k = c.k, T = static_cast<double>(c.tokens);
    std::vector<double> out(static_cast<std::size_t>(n) * n, 0.0);
    double offDiagonal = 0.0;
    if (how == Normalisation::Share)
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                if (i != j) offDiagonal += static_cast<double>(c.at(i, j));
    for (int i = 0; i < n; ++i) {
        const double ui = static_cast<double>(c.usage(i));
        for (int j = 0; j < n; ++j) {
            const double cij = static_cast<double>(c.at(i, j)),
                         uj = static_cast<double>(c.usage(j));
            double v = 0.0, den = 0.0;
            switch (how) {
                case Normalisation::Raw:
                    v = cij;
                    break;
                case Normalisation::Conditional:
                    den = (k - 1.0) * ui;
                    break;
                case Normalisation::Jaccard:
                    den = ui + uj - cij;
                    break;
                case Normalisation::Share:
                    den = offDiagonal;
                    break;
                case Normalisation::Lift:
                    den = (k - 1.0) * ui * uj / (k * T - 0.5 * (ui + uj));
                    break;
            }
            if (how != Normalisation::Raw) v = (i == j || !(den > 0.0)) ? 0.0 : cij / den;
            out[static_cast<std::size_t>(i) * n + j] = v;
        }
    }
    return out;
}

Normalisation normalisationFromName(const std::string& name) {
    for (Normalisation how : {Normalisation::Raw, Normalisation::Conditional,
                              Normalisation::Jaccard, Normalisation::Share, Normalisation::Lift})
        if (name == normalisationName(how)) return how;
    throw ParameterError("normalise",
                         "'" + name + "' is not one of raw, conditional, jaccard, share, lift");
}

const char* normalisationName(Normalisation how) {
    switch (how) {
        case Normalisation::Raw:
            return "raw";
        case Normalisation::Conditional:
            return "conditional";
        case Normalisation::Jaccard:
            return "jaccard";
        case Normalisation::Share:
            return "share";
        case Normalisation::Lift:
            return "lift";
    }
    return "raw";
}

}  // namespace assay::core::moe
