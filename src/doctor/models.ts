import type { ObjectInfo } from "../comfy/object-info.js";
import type { BuildSettings } from "../workflow/build.js";
import { comboStrings } from "../workflow/server-plan.js";
import { fail, pass, warn, type CheckLine } from "./check.js";

/** `/models/{folder}` listings the doctor may fall back to when a loader class is missing. */
export type FolderListings = Partial<Record<ModelFolder, string[]>>;
export type ModelFolder = "unet_gguf" | "diffusion_models" | "vae" | "text_encoders";

/** The folders worth listing: the loader combos are the truth, these only help when a loader is absent. */
export const MODEL_FOLDERS: readonly ModelFolder[] = [
  "unet_gguf",
  "diffusion_models",
  "vae",
  "text_encoders",
];

interface ModelFile {
  env: string;
  name: string;
  classType: string;
  input: string;
  folders: ModelFolder[];
  place: string;
}

function modelFiles({ models }: BuildSettings): ModelFile[] {
  const unet = {
    classType: "UnetLoaderGGUFAdvancedDisTorch2MultiGPU",
    input: "unet_name",
    folders: ["unet_gguf", "diffusion_models"] as ModelFolder[],
    place: "ComfyUI/models/diffusion_models (or models/unet)",
  };
  return [
    { env: "UNET_HIGH_NOISE", name: models.unetHigh, ...unet },
    { env: "UNET_LOW_NOISE", name: models.unetLow, ...unet },
    {
      env: "VAE_NAME",
      name: models.vae,
      classType: "VAELoaderDisTorch2MultiGPU",
      input: "vae_name",
      folders: ["vae"],
      place: "ComfyUI/models/vae",
    },
    {
      env: "TEXT_ENCODER",
      name: models.textEncoder,
      classType: "CLIPLoaderDisTorch2MultiGPU",
      input: "clip_name",
      folders: ["text_encoders"],
      place: "ComfyUI/models/text_encoders (or models/clip)",
    },
  ];
}

function preview(values: string[], max = 4): string {
  if (values.length === 0) return "it has none";
  return `it has ${values.slice(0, max).join(", ")}${values.length > max ? ", …" : ""}`;
}

/** One line per configured model file: present in the loader's combo (or, without the loader, its folder). */
export function checkModels(
  info: ObjectInfo,
  settings: BuildSettings,
  listings: FolderListings = {},
): CheckLine[] {
  return modelFiles(settings).map(({ env, name, classType, input, folders, place }) => {
    const offered =
      comboStrings(info, classType, input) ??
      folders.map((folder) => listings[folder]).find((list) => list !== undefined);
    if (!offered) {
      return warn(
        `model ${env}=${name} not checked: the server has no ${classType} and lists no ${folders.join(" or ")} folder`,
        `install the node pack first (see above), then run doctor again`,
      );
    }
    if (offered.includes(name)) return pass(`model ${env}=${name}`);
    return fail(
      `model ${env}=${name} missing`,
      `put it in ${place} on the server, or set ${env} to a file the server has (${preview(offered)})`,
    );
  });
}
