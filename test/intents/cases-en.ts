// The English phrases of the simulated home (test/intents/home.ts) and what each must do. `done`: the entities acted
// on (and only their commands published; `sent` checks a payload); `answer`: a question about state answered from
// the state store; `question`: asked back, nothing done; `refused`: an error spoken, nothing published.
export interface PhraseCase {
  readonly say: string;
  /** the speaker's area (the request's context.area) */
  readonly area?: string;
  readonly done?: readonly string[];
  /** entity id → what its command's payload must contain */
  readonly sent?: Readonly<Record<string, string>>;
  readonly answer?: RegExp;
  readonly question?: RegExp;
  readonly refused?: RegExp;
  /** the speech of a done command */
  readonly speech?: RegExp;
}

export const ENGLISH: readonly PhraseCase[] = [
  // on and off by name
  {
    say: 'turn on the kitchen ceiling',
    done: ['light.kitchen_ceiling'],
    sent: { 'light.kitchen_ceiling': '"ON"' },
    speech: /^Turned on Kitchen Ceiling$/,
  },
  { say: 'turn off the kitchen ceiling', done: ['light.kitchen_ceiling'], sent: { 'light.kitchen_ceiling': '"OFF"' } },
  { say: 'switch on the table lamp', done: ['light.table_lamp'] },
  { say: 'switch the table lamp off', done: ['light.table_lamp'], sent: { 'light.table_lamp': '"OFF"' } },
  { say: 'Turn on the Bedside Lamp.', done: ['light.bedside_lamp'] },
  { say: 'please turn off the desk lamp', done: ['light.desk_lamp'] },
  { say: 'could you turn on the mirror light please', done: ['light.mirror_light'] },
  { say: 'turn the hallway light on', done: ['light.hallway_light'] },
  { say: 'hallway light off', done: ['light.hallway_light'] },
  { say: 'garage light on', done: ['light.garage_light'] },
  {
    say: 'turn on the coffee maker',
    done: ['switch.coffee_maker'],
    sent: { 'switch.coffee_maker': 'ON' },
    speech: /Coffee Maker/,
  },
  { say: 'switch off the tv plug', done: ['switch.tv_plug'], sent: { 'switch.tv_plug': 'OFF' } },
  { say: 'turn the printer off', done: ['switch.printer'] },
  { say: 'start the towel heater', done: ['switch.towel_heater'] },
  { say: 'turn on the desk fan', done: ['fan.desk_fan'] },
  { say: 'stop the desk fan', done: ['fan.desk_fan'] },
  { say: 'shut off the counter strip', done: ['light.counter_strip'] },
  { say: 'kill the table lamp', done: ['light.table_lamp'] },
  // a name with its area said apart, and areas said with names
  { say: 'turn on the ceiling in the kitchen', done: ['light.kitchen_ceiling'] },
  { say: 'turn on the ceiling light in the living room', done: ['light.living_room_ceiling'] },
  { say: 'turn on the living room ceiling', done: ['light.living_room_ceiling'] },
  { say: 'turn off the lamp in the office', done: ['light.desk_lamp'] },
  { say: 'turn on the light in the bathroom', done: ['light.mirror_light'] },
  { say: 'turn on the bathroom light', done: ['light.mirror_light'] },
  { say: 'turn on the light in the hall', done: ['light.hallway_light'] },
  { say: 'switch on the lounge table lamp', done: ['light.table_lamp'] },
  // plurals: every one in the area
  { say: 'turn off the lights in the kitchen', done: ['light.counter_strip', 'light.kitchen_ceiling'] },
  { say: 'turn on all the lights in the living room', done: ['light.living_room_ceiling', 'light.table_lamp'] },
  { say: 'kitchen lights off', done: ['light.counter_strip', 'light.kitchen_ceiling'] },
  // the speaker's area
  { say: 'turn on the light', area: 'Office', done: ['light.desk_lamp'] },
  { say: 'turn off the lights', area: 'Kitchen', done: ['light.counter_strip', 'light.kitchen_ceiling'] },
  { say: 'turn on the ceiling', area: 'Living Room', done: ['light.living_room_ceiling'] },
  { say: 'turn on the ceiling', area: 'Kitchen', done: ['light.kitchen_ceiling'] },
  { say: 'open the blinds', area: 'Living Room', done: ['cover.living_room_blinds'] },
  { say: 'turn on the lamp', area: 'Bedroom', done: ['light.bedside_lamp'] },
  { say: 'turn on the desk lamp', area: 'Kitchen', done: ['light.desk_lamp'] },
  // typos
  { say: 'trun on the kitchen ceiling', done: ['light.kitchen_ceiling'] },
  { say: 'turn on the kitchn ceiling', done: ['light.kitchen_ceiling'] },
  { say: 'turn off the tabel lamp', done: ['light.table_lamp'] },
  { say: 'swich on the coffe maker', done: ['switch.coffee_maker'] },
  { say: 'turn on the bedsde lamp', done: ['light.bedside_lamp'] },
  { say: 'opne the garage door', done: ['cover.garage_door'] },
  { say: 'unlcok the front door', done: ['lock.front_door'] },
  { say: 'set the tabel lamp to 40 percnt', done: ['light.table_lamp'] },
  // word order
  { say: 'the kitchen ceiling on', done: ['light.kitchen_ceiling'] },
  { say: 'living room ceiling off', done: ['light.living_room_ceiling'] },
  { say: 'in the kitchen ceiling on', done: ['light.kitchen_ceiling'] },
  { say: 'the garage door open', done: ['cover.garage_door'] },
  { say: 'front door lock', done: ['lock.front_door'] },
  // brightness, numbers in words and digits
  {
    say: 'set the table lamp to fifty percent',
    done: ['light.table_lamp'],
    sent: { 'light.table_lamp': '"brightness":128' },
    speech: /Table Lamp to 50 percent/,
  },
  {
    say: 'set the table lamp brightness to 100%',
    done: ['light.table_lamp'],
    sent: { 'light.table_lamp': '"brightness":255' },
  },
  {
    say: 'dim the bedside lamp to twenty percent',
    done: ['light.bedside_lamp'],
    sent: { 'light.bedside_lamp': '"brightness":51' },
  },
  {
    say: 'set the brightness of the desk lamp to seventy five percent',
    done: ['light.desk_lamp'],
    sent: { 'light.desk_lamp': '"brightness":191' },
  },
  {
    say: 'kitchen ceiling to 10 %',
    done: ['light.kitchen_ceiling'],
    sent: { 'light.kitchen_ceiling': '"brightness":26' },
  },
  { say: 'set the ceiling to thirty percent', area: 'Living Room', done: ['light.living_room_ceiling'] },
  // relative changes: light.turn_on with brightness_step_pct ±20 on the light's own brightness (all are off: 0)
  {
    say: 'make the table lamp brighter',
    done: ['light.table_lamp'],
    sent: { 'light.table_lamp': '"brightness":51' },
    speech: /^Made Table Lamp brighter$/,
  },
  { say: 'turn up the desk lamp', done: ['light.desk_lamp'], sent: { 'light.desk_lamp': '"brightness":51' } },
  {
    say: 'brighter in the kitchen',
    done: ['light.kitchen_ceiling', 'light.counter_strip'],
    sent: { 'light.counter_strip': '"brightness":51' },
  },
  { say: 'make it brighter', area: 'Office', done: ['light.desk_lamp'] },
  // down from 0 is brightness 0, which turns a light off
  { say: 'dim the bedside lamp', done: ['light.bedside_lamp'], sent: { 'light.bedside_lamp': '"OFF"' } },
  {
    say: 'turn down the lights in the living room',
    done: ['light.living_room_ceiling', 'light.table_lamp'],
    speech: /^Dimmed /,
  },
  { say: 'make the garage light darker', refused: /Garage Light can't/ },
  // colours
  {
    say: 'make the kitchen ceiling red',
    done: ['light.kitchen_ceiling'],
    sent: { 'light.kitchen_ceiling': '"r":255' },
    speech: /red/,
  },
  {
    say: 'set the kitchen ceiling to blue',
    done: ['light.kitchen_ceiling'],
    sent: { 'light.kitchen_ceiling': '"b":255' },
  },
  {
    say: 'change the colour of the living room ceiling to green',
    done: ['light.living_room_ceiling'],
    sent: { 'light.living_room_ceiling': '"g":255' },
  },
  { say: 'turn the ceiling purple', area: 'Kitchen', done: ['light.kitchen_ceiling'] },
  // covers
  {
    say: 'open the living room blinds',
    done: ['cover.living_room_blinds'],
    sent: { 'cover.living_room_blinds': 'OPEN' },
  },
  { say: 'close the bedroom curtains', done: ['cover.bedroom_curtains'], sent: { 'cover.bedroom_curtains': 'CLOSE' } },
  { say: 'close the curtains in the bedroom', done: ['cover.bedroom_curtains'] },
  {
    say: 'stop the living room blinds',
    done: ['cover.living_room_blinds'],
    sent: { 'cover.living_room_blinds': 'STOP' },
  },
  {
    say: 'set the living room blinds to 30 percent',
    done: ['cover.living_room_blinds'],
    sent: { 'cover.living_room_blinds': '30' },
  },
  {
    say: 'open the blinds to sixty percent',
    area: 'Living Room',
    done: ['cover.living_room_blinds'],
    sent: { 'cover.living_room_blinds': '60' },
  },
  { say: 'open the garage door', done: ['cover.garage_door'], speech: /^Opened Garage Door$/ },
  { say: 'close the garage', done: ['cover.garage_door'] },
  // climate, numbers in words
  {
    say: 'set the living room thermostat to 21 degrees',
    done: ['climate.living_room_thermostat'],
    sent: { 'climate.living_room_thermostat': '21' },
  },
  {
    say: 'set the bedroom heater to twenty one degrees',
    done: ['climate.bedroom_heater'],
    sent: { 'climate.bedroom_heater': '21' },
  },
  {
    say: 'set the temperature in the bedroom to 19',
    done: ['climate.bedroom_heater'],
    sent: { 'climate.bedroom_heater': '19' },
  },
  {
    say: 'set the living room to twenty two and a half degrees',
    done: ['climate.living_room_thermostat'],
    sent: { 'climate.living_room_thermostat': '22.5' },
  },
  { say: 'set the temperature to 20 degrees', area: 'Bedroom', done: ['climate.bedroom_heater'] },
  {
    say: 'set the living room thermostat to heat',
    done: ['climate.living_room_thermostat'],
    sent: { 'climate.living_room_thermostat': 'heat' },
  },
  {
    say: 'set the bedroom heater mode to off',
    done: ['climate.bedroom_heater'],
    sent: { 'climate.bedroom_heater': 'off' },
  },
  // locks
  { say: 'lock the front door', done: ['lock.front_door'], sent: { 'lock.front_door': 'LOCK' } },
  { say: 'unlock the back door', done: ['lock.back_door'], sent: { 'lock.back_door': 'UNLOCK' } },
  { say: 'lock the door in the garage', done: ['lock.back_door'] },
  // durations (a timer helper: no MQTT)
  { say: 'start the tea timer for 5 minutes', done: ['timer.tea'], speech: /Tea Timer for 5 minutes/ },
  { say: 'start the tea timer for half an hour', done: ['timer.tea'] },
  { say: 'cancel the tea timer', done: ['timer.tea'] },
  // questions about state
  { say: 'is the front door locked', answer: /^Yes, Front Door is locked$/ },
  { say: 'is the back door locked?', answer: /^No, Back Door is unlocked$/ },
  { say: 'is the kitchen window open', answer: /^Yes, Kitchen Window is open$/ },
  { say: 'is the front door contact open', answer: /^No, Front Door Contact is closed$/ },
  { say: 'is the garage door closed', answer: /^Yes, Garage Door is closed$/ },
  { say: 'is the tv plug on', answer: /^Yes, TV Plug is on$/ },
  { say: 'are the living room blinds open', answer: /^Yes, Living Room Blinds is open$/ },
  { say: 'what is the temperature in the bedroom', answer: /^Bedroom Temperature is 19\.5 °C$/ },
  { say: "what's the kitchen temperature", answer: /^Kitchen Temperature is 22\.5 °C$/ },
  { say: 'what is the humidity in the bathroom', answer: /^Bathroom Humidity is 70 %$/ },
  { say: 'what is the temperature', area: 'Kitchen', answer: /^Kitchen Temperature is 22\.5 °C$/ },
  { say: 'how warm is it in the bedroom', answer: /^Bedroom Temperature is 19\.5 °C$/ },
  { say: 'how humid is it in the bathroom', answer: /^Bathroom Humidity is 70 %$/ },
  { say: 'how warm is it in the living room', answer: /^Living Room Thermostat is / },
  { say: 'what is the humidity', area: 'Living Room', answer: /^Living Room Humidity is 45 %$/ },
  { say: 'is there motion in the bedroom', answer: /^No, Bedroom Motion is clear$/ },
  // ambiguity: a question back, nothing done
  { say: 'turn on the kitchen light', question: /^Which light: the Kitchen Ceiling or the Counter Strip\?$/ },
  { say: 'turn on the lamp in the living room', question: /^Which light: the Ceiling or the Table Lamp\?$/ },
  { say: 'switch on the lounge lamp', question: /^Which light: the Ceiling or the Table Lamp\?$/ },
  { say: 'turn on the ceiling light', question: /^Which light: the Kitchen Ceiling or the Ceiling\?$/ },
  { say: 'turn on the ceiling', done: ['light.living_room_ceiling'] },
  { say: 'lock the door', question: /^Which door: the Front Door or the Back Door\?$/ },
  // unknown devices and areas
  { say: 'turn on the unicorn machine', refused: /^Sorry, I don't know any unicorn machine$/ },
  { say: 'turn off the jacuzzi', refused: /jacuzzi/ },
  { say: 'turn on the lights in the attic', refused: /attic/ },
  { say: 'open the pool cover', refused: /pool cover/ },
  // out of range and unsupported: refused with a reason, nothing published
  {
    say: 'set the bedroom heater to 40 degrees',
    refused: /^Sorry, 40 is out of range for Bedroom Heater: it takes 16 to 28 ?°C$/,
  },
  {
    say: 'set the living room thermostat to five degrees',
    refused: /out of range for Living Room Thermostat: it takes 7 to 30/,
  },
  {
    say: 'set the table lamp to 150 percent',
    refused: /^Sorry, 150 is out of range for Table Lamp: it takes 0 to 100 ?%$/,
  },
  { say: 'set the living room blinds to two hundred percent', refused: /200 is out of range/ },
  { say: 'set the hallway light to 50 percent', refused: /^Sorry, Hallway Light can't set brightness$/ },
  { say: 'make the table lamp red', refused: /Table Lamp can't set color/ },
];
