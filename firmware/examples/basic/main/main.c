/* Switchyard example device: temperature + humidity (simulated readings; replace with your sensor driver),
 * a relay on a GPIO and an LED dimmed with LEDC. */
#include <math.h>

#include "driver/gpio.h"
#include "driver/ledc.h"
#include "esp_log.h"
#include "esp_mcp_bridge.h"
#include "esp_random.h"
#include "esp_timer.h"

#define RELAY_GPIO GPIO_NUM_4
#define LED_GPIO GPIO_NUM_2

static const char *TAG = "example";

static esp_err_t read_climate(const char *sensor_id, mcp_value_t *value, mcp_quality_t *quality, void *user)
{
    (void)user;
    double t = (double)esp_timer_get_time() / 60e6; /* minutes since boot, for a slowly moving value */
    value->kind = MCP_VAL_NUMBER;
    if (sensor_id[0] == 't') value->number = round((21.0 + 2.0 * sin(t / 10.0)) * 10.0) / 10.0;
    else value->number = round(45.0 + (double)(esp_random() % 100) / 10.0);
    *quality = MCP_QUALITY_GOOD;
    return ESP_OK;
}

static esp_err_t on_relay(const char *id, const mcp_command_t *cmd, mcp_actuator_state_t *next, void *user)
{
    (void)cmd, (void)user;
    ESP_LOGI(TAG, "%s -> %s", id, next->on ? "on" : "off");
    return gpio_set_level(RELAY_GPIO, next->on ? 1 : 0);
}

static esp_err_t on_led(const char *id, const mcp_command_t *cmd, mcp_actuator_state_t *next, void *user)
{
    (void)cmd, (void)user;
    uint32_t duty = next->on ? (uint32_t)lround(next->level * 8191.0 / 100.0) : 0; /* 13-bit duty */
    ESP_LOGI(TAG, "%s -> %s level %.0f", id, next->on ? "on" : "off", next->level);
    esp_err_t err = ledc_set_duty(LEDC_LOW_SPEED_MODE, LEDC_CHANNEL_0, duty);
    return err == ESP_OK ? ledc_update_duty(LEDC_LOW_SPEED_MODE, LEDC_CHANNEL_0) : err;
}

static void hardware_init(void)
{
    gpio_reset_pin(RELAY_GPIO);
    gpio_set_direction(RELAY_GPIO, GPIO_MODE_OUTPUT);
    gpio_set_level(RELAY_GPIO, 0);
    ledc_timer_config_t timer = {.speed_mode = LEDC_LOW_SPEED_MODE, .duty_resolution = LEDC_TIMER_13_BIT,
                                 .timer_num = LEDC_TIMER_0, .freq_hz = 5000, .clk_cfg = LEDC_AUTO_CLK};
    ESP_ERROR_CHECK(ledc_timer_config(&timer));
    ledc_channel_config_t channel = {.gpio_num = LED_GPIO, .speed_mode = LEDC_LOW_SPEED_MODE, .channel = LEDC_CHANNEL_0,
                                     .timer_sel = LEDC_TIMER_0, .duty = 0, .hpoint = 0};
    ESP_ERROR_CHECK(ledc_channel_config(&channel));
}

void app_main(void)
{
    hardware_init();
    ESP_ERROR_CHECK(mcp_bridge_init_default());

    const mcp_sensor_info_t temperature = {.id = "temperature", .type = "temperature", .name = "Temperature",
                                           .unit = "\xC2\xB0" "C", .has_min = true, .min = -40, .has_max = true,
                                           .max = 85, .has_step = true, .step = 0.1};
    const mcp_sensor_info_t humidity = {.id = "humidity", .type = "humidity", .name = "Humidity", .unit = "%",
                                        .has_min = true, .min = 0, .has_max = true, .max = 100};
    ESP_ERROR_CHECK(mcp_bridge_register_sensor(&temperature, read_climate, NULL));
    ESP_ERROR_CHECK(mcp_bridge_register_sensor(&humidity, read_climate, NULL));

    const mcp_actuator_info_t relay = {.id = "relay", .kind = MCP_ACT_SWITCH, .name = "Relay"};
    const mcp_actuator_info_t led = {.id = "led", .kind = MCP_ACT_DIMMER, .name = "LED"}; /* 0..100, step 1 */
    const mcp_actuator_state_t led_initial = {.on = false, .level = 50};
    ESP_ERROR_CHECK(mcp_bridge_register_actuator(&relay, NULL, on_relay, NULL));
    ESP_ERROR_CHECK(mcp_bridge_register_actuator(&led, &led_initial, on_led, NULL));

    ESP_ERROR_CHECK(mcp_bridge_start());
    ESP_LOGI(TAG, "running as %s", mcp_bridge_device_id());
}
