/**
 * Refusals and failures, by key. Code throws `new UserError(key, params)`; the edge renders the key in
 * the reader's language. test/i18n/error-keys.test.ts checks every thrown key against every catalog.
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
    "That message has no image to animate. Use “Animate with Oelala” on a message with a picture in it.",
  "error.ANIMATE_MESSAGE_GONE": "That message is gone, so there is no image to animate.",
  "error.ANIMATE_MESSAGE_UNREADABLE":
    "I can't read messages in this channel, so I can't get the image. Ask an admin to let me see it.",
  "error.CONTINUE_NOT_YOURS":
    "Only the person who made this video can continue it. Use “Animate with Oelala” on it to start your own from its last frame.",
  "error.CONTINUE_GONE":
    "That video's last frame is no longer kept, so it cannot be continued. Please use /i2v with a picture.",

  // src/access/messages.ts
  "error.ACCESS_GUILD": "Oelala is not available in this server.",
  "error.ACCESS_CHANNEL": "This bot only works in {channels}.",
  "error.ACCESS_NSFW":
    "Videos can only be made in age-restricted channels. Please use a channel marked age-restricted.",
  "error.ACCESS_ROLE": {
    plural: "count",
    one: "Making videos is only for members with the {roles} role.",
    other: "Making videos is only for members with one of these roles: {roles}.",
  },
  "error.QUOTA_EXCEEDED": {
    plural: "limit",
    one: "You have made your {limit} video for today. Your quota resets <t:{at}:R> (at <t:{at}:t>, midnight UTC).",
    other:
      "You have made your {limit} videos for today. Your quota resets <t:{at}:R> (at <t:{at}:t>, midnight UTC).",
  },
  "error.COST_TOO_HIGH":
    "This video would cost {cost} GPU units, and one video may cost at most {max}. {advice}",
  "cost.sameSteps": "With {steps} steps, what fits is: {fits}.",
  "cost.defaultSteps": "With the default {steps} steps: {fits}.",
  "cost.fit": "at {tier}, at most {seconds} s",
  "cost.nothingFits": "Choose a lower resolution, a shorter duration or fewer steps.",

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
  "error.OUTPUT_UNWRITABLE": "cannot write {path}: {reason}",
  "error.IMAGE_UNREADABLE": "cannot read the image {path}: {reason}",
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

  "comfy.UNREACHABLE": "The video server cannot be reached right now. Please try again in a few minutes.",
  "comfy.BAD_RESPONSE": "The video server gave an answer the bot does not understand.",
  "comfy.ENQUEUE_FAILED": "The video server refused the job.",
  "comfy.VALIDATION_FAILED": "The video server rejected the workflow.",
  "comfy.MISSING_CAPABILITY": "The video server is missing something this workflow needs.",
  "comfy.UPLOAD_FAILED": "The image could not be sent to the video server.",
  "comfy.EXECUTION_ERROR": "The video server failed while making the video.",
  "comfy.OUT_OF_MEMORY": "The video server ran out of GPU memory. Try a shorter video or a lower resolution.",
  "comfy.INTERRUPTED": "The job was stopped on the video server.",
  "comfy.DISCONNECTED": "The connection to the video server was lost.",
  "comfy.LOST": "The video server lost the job (it probably restarted).",
  "comfy.TIMEOUT": "The video server took too long to answer.",
  "comfy.OUTPUT_MISSING": "The video server finished but produced no video.",

  // One sentence per problem with the options, joined into one refusal.
  "error.INVALID_PARAMS": "{problems}",
  "error.INVALID_OPTIONS": "{problems}",
  "option.outOfRange": "The {name} value is out of range. Please choose a value the command offers.",
  "option.notValid": "The {name} value is not valid. Please choose a value the command offers.",
  // A stored failure from before errors carried keys: its English sentence as it was written.
  "error.STORED": "{message}",

  // The command line's refusals (`register`); they name the settings the operator must fix.
  "error.DISCORD_SETTINGS_MISSING": "{help}",
  "error.REGISTER_TOKEN":
    "Discord rejected the bot token. Reset the token in the Developer Portal and update DISCORD_TOKEN.",
  "error.REGISTER_NOT_IN_GUILD":
    "The bot is not in the server {guild} (Discord answered: {reason}). Invite it first with {invite} , or check the server id (Developer Mode → right-click the server → Copy Server ID).",
  "error.REGISTER_APPLICATION":
    "Discord refused the registration ({reason}). Check that DISCORD_APPLICATION_ID is the Application ID of the bot whose token is in DISCORD_TOKEN.",
  "error.REGISTER_REFUSED": "Discord refused the registration: {reason}.",
  "error.REGISTER_UNREACHABLE":
    "Could not reach Discord. Check the network connection, and DISCORD_API_URL if you set it.",
  "error.REGISTER_GUILD_ID":
    '--guild wants a server id (17–20 digits, e.g. --guild 123456789012345678), not "{guild}". Turn on Developer Mode in Discord, then right-click the server → Copy Server ID.',

  // One sentence each, the problems of src/workflow/params.ts, src/discord/i2v-options.ts and the Animate modal.
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
