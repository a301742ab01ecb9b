#!/usr/bin/env bash
# Sparse recovery, side by side in one sitting on one machine: the numpy baselines of
# ../shared/baselines/sparse_recovery.py and the lab (kernel micro-benchmarks + Figure 3 end to end).
# Needs: apt-get install -y python3-numpy libopenblas0-pthread. Usage: bash bench/sparse-side-by-side.sh [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-1000000}
out=${OUT:-bench/results}
mkdir -p "$out"
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build Grokking.slnx -c Release -v q -nologo >/dev/null
# OpenBLAS picks its AVX-512 kernels without the machine's OPENBLAS_CORETYPE=Haswell (the faster configuration)
env -u OPENBLAS_CORETYPE /usr/bin/python3 ../shared/baselines/sparse_recovery.py \
  --only single-naive,single-tuned,batch-shared --steps "$steps" --batch-steps $((steps / 20)) --json "$out/numpy_sparse.json" \
  | grep -v '^facts' | tee "$out/numpy_sparse.log"
dotnet bench/Grokking.Bench/bin/Release/net10.0/Grokking.Bench.dll --steps "$steps" --reps 5 | tee "$out/lab_numerics.log"
rm -rf "$out/fig3"
dotnet src/Grokking.Cli/bin/Release/net10.0/grok.dll figure 3 --out "$out/fig3" --quiet | head -1 | tee "$out/lab_fig3.log"
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
