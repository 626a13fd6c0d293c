import type { errorsEn } from "../en/errors.js";
import type { CatalogEntry } from "../plural.js";

export const errorsNl = {
  "reply.internal":
    "Er ging bij ons iets mis. De details staan in het log van de bot onder referentie `{id}`.",
  "reply.notStarted": "Niet gestart; de reden is je privé gestuurd.",
  "reply.withReference": "{message} (referentie `{id}`)",

  "error.INTERNAL": "Er ging bij ons iets mis tijdens het maken van deze video.",
  "error.QUEUE_FULL_USER":
    "Je hebt al {max} video's die wachten of gemaakt worden. Wacht tot er een klaar is voordat je er nog een toevoegt.",
  "error.NOT_YOURS":
    "Alleen wie deze video heeft gemaakt (of een beheerder van deze server) kan hem opnieuw laten maken.",
  "error.NOT_FINISHED":
    "Deze video is nog niet klaar; Nieuwe variant en Nog een keer werken zodra hij klaar is.",
  "error.QUEUE_FULL": "De wachtrij zit op dit moment vol. Probeer het over een paar minuten opnieuw.",
  "error.STORE_FULL":
    "De opslag van de bot is vol, dus hij kan nu geen nieuwe video's aannemen. Video's die al onderweg zijn worden nog gemaakt.",
  "error.LORA_UNKNOWN":
    "Die LoRA staat niet op de videoserver. Kies er een uit de lijst terwijl je typt, of kijk bij /loras.",
  "error.JOB_GONE":
    "De instellingen of de afbeelding van die video zijn niet meer bewaard, dus hij kan niet opnieuw worden gemaakt. Gebruik /i2v.",
  "error.BOT_PERMISSIONS_MISSING":
    "Ik kan in dit kanaal geen video's plaatsen: ik mis hier {missing}. Iemand die dit kanaal mag beheren (Kanalen beheren of Rollen beheren) kan me dat geven in de machtigingen van het kanaal.",
  "error.ANIMATE_NO_IMAGE":
    "Dat bericht heeft geen afbeelding om te animeren. Gebruik “Animeren met Oelala” op een bericht met een afbeelding erin.",
  "error.ANIMATE_MESSAGE_GONE": "Dat bericht bestaat niet meer, dus er is geen afbeelding om te animeren.",
  "error.ANIMATE_MESSAGE_UNREADABLE":
    "Ik kan de berichten in dit kanaal niet lezen, dus ik kan niet bij de afbeelding. Vraag een beheerder om me toegang te geven.",
  "error.CONTINUE_NOT_YOURS":
    "Alleen wie deze video maakte kan hem vervolgen. Gebruik “Animeren met Oelala” erop om er zelf een te beginnen vanaf het laatste beeld.",
  "error.CONTINUE_GONE":
    "Het laatste beeld van die video is niet meer bewaard, dus hij kan niet worden vervolgd. Gebruik /i2v met een afbeelding.",

  "error.ACCESS_GUILD": "Oelala is niet beschikbaar in deze server.",
  "error.ACCESS_CHANNEL": "Deze bot werkt alleen in {channels}.",
  "error.ACCESS_NSFW":
    "Video's maken kan alleen in kanalen met een leeftijdsbeperking. Gebruik een kanaal met leeftijdsbeperking.",
  "error.ACCESS_ROLE": {
    plural: "count",
    one: "Video's maken is alleen voor leden met de rol {roles}.",
    other: "Video's maken is alleen voor leden met een van deze rollen: {roles}.",
  },
  "error.QUOTA_EXCEEDED": {
    plural: "limit",
    one: "Je hebt je {limit} video voor vandaag al gemaakt. Je tegoed wordt <t:{at}:R> aangevuld (om <t:{at}:t>, middernacht UTC).",
    other:
      "Je hebt je {limit} video's voor vandaag al gemaakt. Je tegoed wordt <t:{at}:R> aangevuld (om <t:{at}:t>, middernacht UTC).",
  },
  "error.COST_TOO_HIGH":
    "Deze video zou {cost} GPU-eenheden kosten, en één video mag hoogstens {max} kosten. {advice}",
  "cost.sameSteps": "Met {steps} stappen past: {fits}.",
  "cost.defaultSteps": "Met de standaard {steps} stappen: {fits}.",
  "cost.fit": "bij {tier} hoogstens {seconds} s",
  "cost.nothingFits": "Kies een lagere resolutie, een kortere duur of minder stappen.",

  "error.IMAGE_URL_INVALID":
    "De link naar de afbeelding is geen geldig webadres. Voeg de afbeelding toe aan het commando.",
  "error.IMAGE_HOST_NOT_ALLOWED":
    "Ik download alleen afbeeldingen die op Discord zijn geüpload. Voeg de afbeelding toe aan het commando.",
  "error.IMAGE_REDIRECT_NOT_ALLOWED":
    "De link naar de afbeelding stuurde me door naar een plek waar ik niet van download. Voeg de afbeelding toe aan het commando.",
  "error.IMAGE_TOO_LARGE":
    "Het afbeeldingsbestand is te groot: de limiet is {megabytes} MB. Stuur een kleiner bestand.",
  "error.IMAGE_NOT_AN_IMAGE": "Die bijlage is geen afbeelding. Voeg een afbeelding toe in {formats}.",
  "error.IMAGE_DOWNLOAD_TIMEOUT":
    "Het downloaden van de afbeelding duurde langer dan {seconds} s. Probeer het nog eens.",
  "error.OUTPUT_UNWRITABLE": "kan {path} niet schrijven: {reason}",
  "error.IMAGE_UNREADABLE": "kan de afbeelding {path} niet lezen: {reason}",
  "error.IMAGE_DOWNLOAD_FAILED": "Ik kon de afbeelding niet downloaden. Probeer het zo nog eens.",
  "error.IMAGE_UNAVAILABLE":
    "De afbeelding is niet meer beschikbaar (bijlagen op Discord verlopen). Upload de afbeelding opnieuw.",
  "error.IMAGE_EMPTY": "Het afbeeldingsbestand is leeg. Voeg de afbeelding opnieuw toe.",
  "error.IMAGE_SVG_NOT_SUPPORTED":
    "SVG-tekeningen worden niet ondersteund. Exporteer de tekening eerst als PNG of JPEG.",
  "error.IMAGE_PDF_NOT_SUPPORTED":
    "PDF-documenten worden niet ondersteund. Stuur in plaats daarvan een afbeelding in {formats}.",
  "error.IMAGE_IS_WEB_PAGE":
    "Dat bestand is een webpagina en geen afbeelding, wat de naam ook zegt. Voeg de afbeelding zelf toe.",
  "error.IMAGE_HEIC_NOT_SUPPORTED":
    "HEIC-foto's worden nog niet ondersteund. Stuur de foto als JPEG of PNG (de meeste telefoons kunnen dat bij het delen).",
  "error.IMAGE_UNSUPPORTED_FORMAT":
    "Dat afbeeldingsformaat wordt niet ondersteund. Stuur een afbeelding in {formats}.",
  "error.IMAGE_CORRUPT":
    "De afbeelding lijkt beschadigd of onvolledig (misschien is het uploaden afgebroken). Stuur de afbeelding opnieuw.",
  "error.IMAGE_TOO_MANY_PIXELS":
    "De afbeelding is te groot: hoogstens {megapixels} megapixel is toegestaan. Stuur een kleinere afbeelding.",
  "error.IMAGE_TOO_SMALL": "De afbeelding is te klein: de kortste zijde moet minstens {pixels} pixels zijn.",
  "error.IMAGE_EXTREME_ASPECT":
    "De afbeelding is te lang en smal: de lange zijde mag hoogstens {ratio} keer zo lang zijn als de korte. Snijd de afbeelding eerst bij.",

  "comfy.UNREACHABLE": "De videoserver is nu niet bereikbaar. Probeer het over een paar minuten opnieuw.",
  "comfy.BAD_RESPONSE": "De videoserver gaf een antwoord dat de bot niet begrijpt.",
  "comfy.ENQUEUE_FAILED": "De videoserver weigerde de opdracht.",
  "comfy.VALIDATION_FAILED": "De videoserver keurde de workflow af.",
  "comfy.MISSING_CAPABILITY": "De videoserver mist iets wat deze workflow nodig heeft.",
  "comfy.UPLOAD_FAILED": "De afbeelding kon niet naar de videoserver worden gestuurd.",
  "comfy.EXECUTION_ERROR": "Er ging iets mis op de videoserver tijdens het maken van de video.",
  "comfy.OUT_OF_MEMORY":
    "De videoserver had te weinig GPU-geheugen. Probeer een kortere video of een lagere resolutie.",
  "comfy.INTERRUPTED": "De opdracht is op de videoserver gestopt.",
  "comfy.DISCONNECTED": "De verbinding met de videoserver is verbroken.",
  "comfy.LOST": "De videoserver is de opdracht kwijtgeraakt (waarschijnlijk is hij herstart).",
  "comfy.TIMEOUT": "De videoserver deed er te lang over om te antwoorden.",
  "comfy.OUTPUT_MISSING": "De videoserver is klaar, maar heeft geen video gemaakt.",

  "error.INVALID_PARAMS": "{problems}",
  "error.INVALID_OPTIONS": "{problems}",
  "option.outOfRange":
    "De waarde van {name} valt buiten het bereik. Kies een waarde die het commando aanbiedt.",
  "option.notValid": "De waarde van {name} is niet geldig. Kies een waarde die het commando aanbiedt.",
  "error.STORED": "{message}",

  "error.DISCORD_SETTINGS_MISSING": "{help}",
  "error.REGISTER_TOKEN":
    "Discord heeft het bot-token geweigerd. Maak in het Developer Portal een nieuw token en zet het in DISCORD_TOKEN.",
  "error.REGISTER_NOT_IN_GUILD":
    "De bot zit niet in de server {guild} (Discord antwoordde: {reason}). Nodig hem eerst uit met {invite} , of controleer het server-id (Ontwikkelaarsmodus → rechtsklik op de server → Server-ID kopiëren).",
  "error.REGISTER_APPLICATION":
    "Discord weigerde de registratie ({reason}). Controleer dat DISCORD_APPLICATION_ID het Application ID is van de bot waarvan het token in DISCORD_TOKEN staat.",
  "error.REGISTER_REFUSED": "Discord weigerde de registratie: {reason}.",
  "error.REGISTER_UNREACHABLE":
    "Discord is niet bereikbaar. Controleer de netwerkverbinding, en DISCORD_API_URL als je die hebt ingesteld.",
  "error.REGISTER_GUILD_ID":
    '--guild verwacht een server-id (17–20 cijfers, bv. --guild 123456789012345678), niet "{guild}". Zet de Ontwikkelaarsmodus in Discord aan en klik dan met rechts op de server → Server-ID kopiëren.',

  "param.imageMissing": "De afbeelding ontbreekt.",
  "param.imageNameTooLong": "De bestandsnaam van de afbeelding is te lang.",
  "param.promptMissing": "Schrijf een prompt die beschrijft welke beweging je wilt.",
  "param.promptEmpty": "De prompt is leeg; beschrijf welke beweging je wilt.",
  "param.promptTooLong": "De prompt is te lang (hoogstens {max} tekens).",
  "param.negativeNotText": "De negatieve prompt moet tekst zijn.",
  "param.negativeTooLong": "De negatieve prompt is te lang (hoogstens {max} tekens).",
  "param.loraNameTooLong": "Een LoRA-naam is hoogstens {max} tekens lang.",
  "param.loraNameNotText": "Een LoRA-naam moet tekst zijn.",
  "param.loraNotObject": "De LoRA-keuze moet een object zijn.",
  "param.loraNone": "Kies een LoRA voor de high-noise-ronde, de low-noise-ronde of allebei.",
  "param.loraStrengthNotNumber": "De LoRA-sterkte moet een getal zijn.",
  "param.loraStrengthRange": "De LoRA-sterkte moet van {min} tot en met {max} zijn.",
  "param.optionsNotObject": "De opties moeten een object zijn.",
  "param.unknownOption": "Onbekende optie: {names}.",
  "param.durationNotNumber": "De duur moet een aantal seconden zijn.",
  "param.durationNotPositive": "De duur moet meer dan 0 seconden zijn.",
  "param.durationTooLong": "De duur mag hoogstens {max} seconden zijn.",
  "param.durationRange":
    "De duur moet een aantal seconden van {min} tot en met {max} zijn, bijvoorbeeld {example}.",
  "param.aspectUnknown": "De beeldverhouding moet een van deze zijn: {list}.",
  "param.resolutionUnknown": "De resolutie moet een van deze zijn: {list}.",
  "param.fpsNotNumber": "De framerate moet een getal zijn.",
  "param.fpsRange": "De framerate moet van {min} tot en met {max} zijn.",
  "param.fpsNotWhole": "De framerate moet een geheel getal zijn.",
  "param.stepsNotNumber": "Het aantal stappen moet een getal zijn.",
  "param.stepsRange": "Het aantal stappen moet van {min} tot en met {max} zijn.",
  "param.stepsNotWhole": "Het aantal stappen moet een geheel getal zijn.",
  "param.splitNotNumber": "De wisselstap moet een getal zijn.",
  "param.splitRange": "De wisselstap moet van {min} tot en met {max} zijn.",
  "param.splitNotWhole": "De wisselstap moet een geheel getal zijn.",
  "param.splitAfterSteps": "De wisselstap ({split}) moet lager zijn dan het aantal stappen ({steps}).",
  "param.seedNotNumber": "De seed moet een getal zijn.",
  "param.seedRange": "De seed moet van {min} tot en met {max} zijn.",
  "param.seedNotWhole": "De seed moet een geheel getal zijn.",
  "param.cfgNotNumber": "De CFG-schaal moet een getal zijn.",
  "param.cfgRange": "De CFG-schaal moet van {min} tot en met {max} zijn.",
} satisfies Record<keyof typeof errorsEn, CatalogEntry>;
