import { comfyErrorMessages as comfy } from "../../comfy/errors.js";

/**
 * Refusals and failures. The core writes these in English; the templates here match its sentences
 * (placeholders take the numbers), so a Dutch version can be chosen by `code` and filled from them.
 * test/i18n/user-errors.test.ts checks that every template still matches what the core says.
 */
export const errorsEn = {
  "reply.internal":
    "Something went wrong on our side. The details are in the bot's log under reference `{id}`.",
  "reply.notStarted": "Not started; the reason was sent to you privately.",
  "reply.withReference": "{message} (reference `{id}`)",

  "error.INTERNAL": "Something went wrong on our side while making this video.",
  "error.QUEUE_FULL_USER":
    "You already have {max} videos waiting or being made. Please wait until one of them is finished before adding another.",
  "error.NOT_YOURS": "Only the person who made this video (or an admin of this server) can make it again.",
  "error.NOT_FINISHED": "This video is not finished yet; Reroll and Again work once it is.",
  "error.QUEUE_FULL": "The queue is full right now. Please try again in a few minutes.",
  "error.STORE_FULL":
    "The bot's storage is full, so it cannot take new videos right now. Videos already on their way are still made.",
  "error.LORA_UNKNOWN":
    "That LoRA is not on the video server. Pick one from the list as you type, or see /loras.",
  "error.JOB_GONE":
    "That video's settings or image are no longer kept, so it cannot be made again. Please use /i2v.",
  "error.BOT_PERMISSIONS_MISSING":
    "I can't post videos in this channel: I am missing {missing} here. Someone who can manage this channel (Manage Channels or Manage Roles) can give me that in the channel's permission settings.",
  "error.ANIMATE_NO_IMAGE":
    "That message has no image to animate. Use “{command}” on a message with a picture in it.",
  "error.ANIMATE_MESSAGE_GONE": "That message is gone, so there is no image to animate.",
  "error.ANIMATE_MESSAGE_UNREADABLE":
    "I can't read messages in this channel, so I can't get the image. Ask an admin to let me see it.",
  "error.CONTINUE_NOT_YOURS":
    "Only the person who made this video can continue it. Use “{command}” on it to start your own from its last frame.",
  "error.CONTINUE_GONE":
    "That video's last frame is no longer kept, so it cannot be continued. Please use /i2v with a picture.",

  // src/access/messages.ts
  "error.ACCESS_GUILD": "Oelala is not available in this server.",
  "error.ACCESS_CHANNEL": "This bot only works in {channels}.",
  "error.ACCESS_NSFW":
    "Videos can only be made in age-restricted channels. Please use a channel marked age-restricted.",
  "error.ACCESS_ROLE.one": "Making videos is only for members with the {role} role.",
  "error.ACCESS_ROLE.many": "Making videos is only for members with one of these roles: {roles}.",
  "error.QUOTA_EXCEEDED.one":
    "You have made your {limit} video for today. Your quota resets <t:{at}:R> (at <t:{at}:t>, midnight UTC).",
  "error.QUOTA_EXCEEDED.other":
    "You have made your {limit} videos for today. Your quota resets <t:{at}:R> (at <t:{at}:t>, midnight UTC).",

  "error.IMAGE_URL_INVALID":
    "The image link is not a valid web address. Please attach the image to the command.",
  "error.IMAGE_HOST_NOT_ALLOWED":
    "I can only download images uploaded to Discord. Please attach the image to the command.",
  "error.IMAGE_REDIRECT_NOT_ALLOWED":
    "The image link sent me somewhere I don't download from. Please attach the image to the command.",
  "error.IMAGE_TOO_LARGE":
    "The image file is too large: the limit is {megabytes} MB. Please send a smaller file.",
  "error.IMAGE_NOT_AN_IMAGE": "That attachment is not an image. Please attach a {formats} picture.",
  "error.IMAGE_DOWNLOAD_TIMEOUT": "Downloading the image took longer than {seconds} s. Please try again.",
  "error.IMAGE_DOWNLOAD_FAILED": "I couldn't download the image. Please try again in a moment.",
  "error.IMAGE_UNAVAILABLE":
    "The image is no longer available (Discord attachments expire). Please upload it again.",
  "error.IMAGE_EMPTY": "The image file is empty. Please attach the picture again.",
  "error.IMAGE_SVG_NOT_SUPPORTED": "SVG drawings are not supported. Please export it as PNG or JPEG first.",
  "error.IMAGE_PDF_NOT_SUPPORTED":
    "PDF documents are not supported. Please send a {formats} picture instead.",
  "error.IMAGE_IS_WEB_PAGE":
    "That file is a web page, not an image, whatever its name says. Please attach the picture itself.",
  "error.IMAGE_HEIC_NOT_SUPPORTED":
    "HEIC photos are not supported yet. Please send it as JPEG or PNG (most phones can share it that way).",
  "error.IMAGE_UNSUPPORTED_FORMAT": "That image format is not supported. Please send a {formats} picture.",
  "error.IMAGE_CORRUPT":
    "The image looks damaged or incomplete (perhaps the upload was cut off). Please send it again.",
  "error.IMAGE_TOO_MANY_PIXELS":
    "The image is too big: at most {megapixels} megapixels are accepted. Please send a smaller picture.",
  "error.IMAGE_TOO_SMALL": "The image is too small: its shortest side must be at least {pixels} pixels.",
  "error.IMAGE_EXTREME_ASPECT":
    "The image is too long and thin: its long side may be at most {ratio} times its short side. Please crop it first.",

  "comfy.UNREACHABLE": comfy.UNREACHABLE,
  "comfy.BAD_RESPONSE": comfy.BAD_RESPONSE,
  "comfy.ENQUEUE_FAILED": comfy.ENQUEUE_FAILED,
  "comfy.VALIDATION_FAILED": comfy.VALIDATION_FAILED,
  "comfy.MISSING_CAPABILITY": comfy.MISSING_CAPABILITY,
  "comfy.UPLOAD_FAILED": comfy.UPLOAD_FAILED,
  "comfy.EXECUTION_ERROR": comfy.EXECUTION_ERROR,
  "comfy.OUT_OF_MEMORY": comfy.OUT_OF_MEMORY,
  "comfy.INTERRUPTED": comfy.INTERRUPTED,
  "comfy.DISCONNECTED": comfy.DISCONNECTED,
  "comfy.LOST": comfy.LOST,
  "comfy.TIMEOUT": comfy.TIMEOUT,
  "comfy.OUTPUT_MISSING": comfy.OUTPUT_MISSING,

  // One sentence each, as src/workflow/params.ts, src/discord/i2v-options.ts and the Animate modal write them.
  "param.imageMissing": "The image is missing.",
  "param.imageNameTooLong": "The image file name is too long.",
  "param.promptMissing": "Write a prompt that describes the motion you want.",
  "param.promptEmpty": "The prompt is empty; describe the motion you want.",
  "param.promptTooLong": "The prompt is too long (at most {max} characters).",
  "param.negativeNotText": "The negative prompt must be text.",
  "param.negativeTooLong": "The negative prompt is too long (at most {max} characters).",
  "param.loraNameTooLong": "A LoRA name is at most {max} characters.",
  "param.loraNameNotText": "A LoRA name must be text.",
  "param.loraNotObject": "The LoRA choice must be an object.",
  "param.loraNone": "Choose a LoRA for the high-noise pass, the low-noise pass, or both.",
  "param.loraStrengthNotNumber": "The LoRA strength must be a number.",
  "param.loraStrengthRange": "The LoRA strength must be from {min} to {max}.",
  "param.optionsNotObject": "The options must be an object.",
  "param.unknownOption": "Unknown option: {names}.",
  "param.durationNotNumber": "The duration must be a number of seconds.",
  "param.durationNotPositive": "The duration must be more than 0 seconds.",
  "param.durationTooLong": "The duration can be at most {max} seconds.",
  "param.durationRange": "The duration must be a number of seconds from {min} to {max}, like {example}.",
  "param.aspectUnknown": "The aspect ratio must be one of {list}.",
  "param.resolutionUnknown": "The resolution must be one of {list}.",
  "param.fpsNotNumber": "The frame rate must be a number.",
  "param.fpsRange": "The frame rate must be from {min} to {max}.",
  "param.fpsNotWhole": "The frame rate must be a whole number.",
  "param.stepsNotNumber": "The number of steps must be a number.",
  "param.stepsRange": "The number of steps must be from {min} to {max}.",
  "param.stepsNotWhole": "The number of steps must be a whole number.",
  "param.splitNotNumber": "The split step must be a number.",
  "param.splitRange": "The split step must be from {min} to {max}.",
  "param.splitNotWhole": "The split step must be a whole number.",
  "param.splitAfterSteps": "The split step ({split}) must be lower than the number of steps ({steps}).",
  "param.seedNotNumber": "The seed must be a number.",
  "param.seedRange": "The seed must be from {min} to {max}.",
  "param.seedNotWhole": "The seed must be a whole number.",
  "param.cfgNotNumber": "The CFG scale must be a number.",
  "param.cfgRange": "The CFG scale must be from {min} to {max}.",
} as const;
