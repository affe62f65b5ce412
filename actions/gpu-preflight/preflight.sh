#!/usr/bin/env bash
# Checks a self-hosted GPU runner for what ONNX Runtime 1.30's CUDA provider needs: a working
# nvidia-smi and driver, the CUDA 12 runtime libraries and cuDNN 9. Prints a table of what is
# present and missing with fix hints; writes ok, gpu-name, driver-version and missing to
# $GITHUB_OUTPUT. Inputs come through env (never ${{ inputs.* }} inside the script).
set -uo pipefail

fail_on_missing="${MLGATE_FAIL_ON_MISSING:-true}"
check_tensorrt="${MLGATE_CHECK_TENSORRT:-false}"
for pair in "fail-on-missing=$fail_on_missing" "tensorrt=$check_tensorrt"; do
  value="${pair#*=}"
  if [[ "$value" != "true" && "$value" != "false" ]]; then
    echo "::error::gpu-preflight: input ${pair%%=*} is \"$value\"; use true or false."
    exit 2
  fi
done

# CUDA 12.x on Linux needs driver 525.60.13 or newer.
min_driver_major=525
libraries=(libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcufft.so.11 libcurand.so.10 libcudnn.so.9)
if [[ "$check_tensorrt" == "true" ]]; then
  libraries+=(libnvinfer.so.10 libnvinfer_plugin.so.10 libnvonnxparser.so.10)
fi

rows=()
missing=()
gpu_name=""
driver_version=""

add_row() { rows+=("| $1 | $2 | $3 |"); }

if ! command -v nvidia-smi >/dev/null 2>&1; then
  missing+=("nvidia-smi")
  add_row "nvidia-smi" "missing" "not on PATH: install the NVIDIA driver (it ships nvidia-smi)"
else
  if query="$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1)" && [[ -n "$query" ]]; then
    gpu_names="$(printf '%s\n' "$query" | sed 's/, *[^,]*$//' | paste -sd ';' - | sed 's/;/; /g')"
    gpu_name="$(printf '%s\n' "$query" | head -n 1 | sed 's/, *[^,]*$//')"
    driver_version="$(printf '%s\n' "$query" | head -n 1 | sed 's/.*, *//')"
    add_row "nvidia-smi" "ok" "$(command -v nvidia-smi)"
    add_row "GPUs" "ok" "$gpu_names"
    driver_major="${driver_version%%.*}"
    if [[ "$driver_major" =~ ^[0-9]+$ ]] && (( driver_major >= min_driver_major )); then
      add_row "driver" "ok" "$driver_version"
    else
      missing+=("nvidia-driver>=${min_driver_major}")
      add_row "driver" "too old" "$driver_version; CUDA 12.x needs ${min_driver_major}.60.13 or newer: update the NVIDIA driver"
    fi
  else
    missing+=("nvidia-driver")
    add_row "nvidia-smi" "failing" "$(printf '%s' "$query" | head -n 1): is the driver loaded? In containers run with --gpus all"
  fi
fi

ldconfig_bin="$(command -v ldconfig || true)"
[[ -z "$ldconfig_bin" && -x /sbin/ldconfig ]] && ldconfig_bin=/sbin/ldconfig
ldcache=""
[[ -n "$ldconfig_bin" ]] && ldcache="$("$ldconfig_bin" -p 2>/dev/null || true)"

find_library() {
  local name="$1" dir
  IFS=':' read -r -a dirs <<<"${LD_LIBRARY_PATH:-}"
  for dir in "${dirs[@]}"; do
    if [[ -n "$dir" && -e "$dir/$name" ]]; then
      echo "$dir/$name"
      return 0
    fi
  done
  printf '%s\n' "$ldcache" | awk -v n="$name" '$1 == n { print $NF; found = 1; exit } END { exit !found }'
}

hint_for() {
  case "$1" in
    libcudnn*) echo "install cuDNN 9.x for CUDA 12 (e.g. apt install libcudnn9-cuda-12) and add it to ldconfig or LD_LIBRARY_PATH" ;;
    libnv*) echo "install TensorRT 10.x and add its lib folder to ldconfig or LD_LIBRARY_PATH" ;;
    *) echo "install the CUDA 12.x runtime libraries (the toolkit, or NVIDIA's cuda-libraries-12-* packages) and add /usr/local/cuda/lib64 to ldconfig or LD_LIBRARY_PATH" ;;
  esac
}

for lib in "${libraries[@]}"; do
  if path="$(find_library "$lib")"; then
    add_row "$lib" "ok" "$path"
  else
    missing+=("$lib")
    add_row "$lib" "missing" "$(hint_for "$lib")"
  fi
done

ok=true
(( ${#missing[@]} > 0 )) && ok=false
missing_list="$(IFS=','; echo "${missing[*]:-}")"

table="$(printf '%s\n' "| check | status | detail |" "| --- | --- | --- |" "${rows[@]}")"
echo "GPU runner preflight (ONNX Runtime 1.30 CUDA provider: CUDA 12.x, cuDNN 9.x)"
echo "$table"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  {
    echo "### GPU runner preflight"
    echo
    echo "$table"
    echo
  } >>"$GITHUB_STEP_SUMMARY"
fi
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  {
    echo "ok=$ok"
    echo "gpu-name=$gpu_name"
    echo "driver-version=$driver_version"
    echo "missing=$missing_list"
  } >>"$GITHUB_OUTPUT"
fi

if [[ "$ok" == "false" ]]; then
  message="This runner lacks what the CUDA provider needs: ${missing_list//,/, }. See the table above for fixes, or run the model step with fallback: cpu."
  if [[ "$fail_on_missing" == "true" ]]; then
    echo "::error title=GPU preflight::$message"
    exit 1
  fi
  echo "::warning title=GPU preflight::$message"
fi
exit 0
