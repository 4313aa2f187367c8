UNIT_TESTS += test_image
test_image_SRCS := $(MOD_IMAGE)
