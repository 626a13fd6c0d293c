import type { Config } from "../src/config.js";
import type { Command, ComponentHandler } from "../src/discord/command.js";
import { animateCommand, animateModalHandler } from "./animate.js";
import { cancelButton, cancelCommand } from "./cancel.js";
import { continueHandler } from "./continue.js";
import { helpCommand } from "./help.js";
import { i2vCommand } from "./i2v.js";
import { lorasCommand, lorasPager } from "./loras.js";
import { queueCommand, queuePager } from "./queue.js";
import { againButton, rerollButton } from "./rerun.js";
import { statusCommand, statusPager } from "./status.js";
import { videosCommand, videosPager } from "./videos.js";

/** The one list of commands: the router serves it and `register` sends it to Discord. */
export function createCommands(config: Config): Command[] {
  return [
    i2vCommand(config),
    animateCommand,
    lorasCommand,
    queueCommand,
    cancelCommand,
    statusCommand,
    videosCommand,
    helpCommand,
  ];
}

export const componentHandlers: ComponentHandler[] = [
  cancelButton,
  lorasPager,
  animateModalHandler,
  rerollButton,
  againButton,
  continueHandler,
  queuePager,
  statusPager,
  videosPager,
];
